#!/usr/bin/env python3
"""test-summary.py DIR : reads every .trx file that `dotnet test --logger trx --results-directory DIR` wrote, names each
failed test with the first lines of its message (so a CI log alone explains a red run), and ends with one line
"N passed, N failed" (", N skipped" when any were). Exits 1 when a test failed or none ran."""
import pathlib
import sys
import xml.etree.ElementTree as ET

NS = "{http://microsoft.com/schemas/VisualStudio/TeamTest/2010}"


def main(folders):
    passed = failed = skipped = files = 0
    for folder in folders:
        for trx in sorted(pathlib.Path(folder).rglob("*.trx")):
            files += 1
            root = ET.parse(trx).getroot()
            for result in root.iter(NS + "UnitTestResult"):
                if result.get("outcome") == "Failed":
                    message = result.find(f"{NS}Output/{NS}ErrorInfo/{NS}Message")
                    print("FAILED " + result.get("testName", "?"))
                    for line in ((message.text or "").strip().splitlines()[:6] if message is not None else []):
                        print("    " + line)
            counters = root.find(f"{NS}ResultSummary/{NS}Counters")
            if counters is None:
                continue
            count = lambda name: int(counters.get(name, 0))
            passed += count("passed")
            failed += count("failed") + count("error") + count("timeout") + count("aborted")
            skipped += count("notExecuted")
    if files == 0:
        print("no .trx result files found (did the build or the test host fail?)", file=sys.stderr)
    print(f"{passed} passed, {failed} failed" + (f", {skipped} skipped" if skipped else ""))
    return 1 if failed or passed == 0 else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or ["."]))
