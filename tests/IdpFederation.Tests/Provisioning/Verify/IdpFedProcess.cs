using System.Diagnostics;

namespace IdpFederation.Tests.Provisioning.Verify;

/// <summary>The idpfed binary in a child process, as an administrator runs it, trusting only the given CA.</summary>
internal static class IdpFedProcess
{
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string configDirectory, string caPemPath, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "idpfed.dll"), "--config-dir", configDirectory }.Concat(args))
        {
            start.ArgumentList.Add(arg);
        }

        // OpenSSL's default trust store is replaced by exactly the test CA for this process (.NET on Linux reads it).
        start.Environment["SSL_CERT_FILE"] = caPemPath;
        start.Environment.Remove("SSL_CERT_DIR");
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
