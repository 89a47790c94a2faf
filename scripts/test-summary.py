#!/usr/bin/env python3
"""test-summary.py [--dotnet-exit N] DIR... : reads every .trx file that `dotnet test --logger trx --results-directory
DIR` wrote, names each test that did not pass with the first lines of its message (so a CI log alone explains a red
run), and ends with one line "N passed, N failed" (", N skipped" when any were). A run that did not complete (a crashed
test host, or dotnet test failing with no failed test to show for it) counts as one more failure, with the reason.
Exits 1 when anything failed or no test ran."""
import pathlib
import sys
import xml.etree.ElementTree as ET

NS = "{http://microsoft.com/schemas/VisualStudio/TeamTest/2010}"
NOT_PASSED = {"Failed", "Error", "Timeout", "Aborted"}


def main(arguments):
    dotnet_exit = 0
    if arguments[:1] == ["--dotnet-exit"]:
        dotnet_exit, arguments = int(arguments[1]), arguments[2:]
    passed = failed = skipped = files = 0
    broken_runs = []
    for folder in arguments or ["."]:
        for trx in sorted(pathlib.Path(folder).rglob("*.trx")):
            files += 1
            root = ET.parse(trx).getroot()
            for result in root.iter(NS + "UnitTestResult"):
                if result.get("outcome") in NOT_PASSED:
                    message = result.find(f"{NS}Output/{NS}ErrorInfo/{NS}Message")
                    print(f"FAILED ({result.get('outcome')}) " + result.get("testName", "?"))
                    for line in ((message.text or "").strip().splitlines()[:6] if message is not None else []):
                        print("    " + line)
            summary = root.find(f"{NS}ResultSummary")
            counters = summary.find(f"{NS}Counters") if summary is not None else None
            if counters is None:
                broken_runs.append(f"{trx.name}: no result summary")
                continue
            count = lambda name: int(counters.get(name, 0))
            passed += count("passed")
            failed += count("failed") + count("error") + count("timeout") + count("aborted")
            skipped += count("notExecuted")
            if summary.get("outcome") not in ("Completed", "Failed", "Passed"):
                broken_runs.append(f"{trx.name}: the run ended '{summary.get('outcome')}'")
    if files == 0:
        broken_runs.append("no .trx result files (did the build or the test host fail?)")
    if dotnet_exit != 0 and failed == 0 and not broken_runs:
        broken_runs.append(f"dotnet test exited {dotnet_exit} with no failed test (a crashed test host?)")
    for reason in broken_runs:
        print("RUN FAILED " + reason)
    failed += len(broken_runs)
    print(f"{passed} passed, {failed} failed" + (f", {skipped} skipped" if skipped else ""))
    return 1 if failed or passed == 0 else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
