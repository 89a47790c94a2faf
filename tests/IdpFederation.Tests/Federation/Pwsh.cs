using System.Diagnostics;

namespace IdpFederation.Tests.Federation;

/// <summary>
/// PowerShell 7 (pwsh), when this machine has it: $IDPFED_PWSH, else pwsh on PATH. It is no Debian package:
/// scripts/test.sh installs NuGet's PowerShell .NET tool and sets IDPFED_PWSH. Where it cannot be had (a plain
/// dotnet test, no network), the tests that need it are reported skipped with the reason.
/// </summary>
internal static class Pwsh
{
    public const string Variable = "IDPFED_PWSH";

    public static string? Path { get; } = Find();

    public static string? MissingReason => Path is null
        ? $"pwsh (PowerShell 7) is not installed: neither ${Variable} nor PATH names it, so PowerShell's own parser could not check the scripts. " +
          $"Install it (dotnet tool install --tool-path DIR PowerShell --version 7.6.10) and put it on PATH or in ${Variable}."
        : null;

    private static string? Find()
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } configured && File.Exists(configured))
        {
            return configured;
        }

        return (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(d => System.IO.Path.Combine(d, OperatingSystem.IsWindows() ? "pwsh.exe" : "pwsh"))
            .FirstOrDefault(File.Exists);
    }

    /// <summary>Runs a command with -NoProfile -NonInteractive; returns the exit code and everything it printed.</summary>
    public static (int ExitCode, string Output) Run(string command)
    {
        var start = new ProcessStartInfo(Path ?? throw new InvalidOperationException(MissingReason))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-NoLogo", "-NoProfile", "-NonInteractive", "-Command", command })
        {
            start.ArgumentList.Add(argument);
        }

        // No telemetry or update check from a test run.
        start.Environment["POWERSHELL_TELEMETRY_OPTOUT"] = "1";
        start.Environment["POWERSHELL_UPDATECHECK"] = "Off";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(120)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("pwsh did not finish within 120 seconds.");
        }

        return (process.ExitCode, stdout.GetAwaiter().GetResult() + stderr.GetAwaiter().GetResult());
    }
}
