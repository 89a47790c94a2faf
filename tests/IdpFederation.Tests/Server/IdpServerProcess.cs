using System.Diagnostics;
using System.Text;

namespace IdpFederation.Tests.Server;

/// <summary>The real server in a child process, on Kestrel at 127.0.0.1, as a deployment would run it.</summary>
public sealed class IdpServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private IdpServerProcess(Process process, string baseUrl, string? managementUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
        ManagementUrl = managementUrl;
    }

    /// <summary>Printed by the server once Kestrel listens (Hosting/StartupBanner.cs).</summary>
    private const string StartedBanner = "IdpFederation is running.";

    public string BaseUrl { get; }

    /// <summary>Where this server serves the detailed health views (Idp:Health:ManagementUrl), or null without one.</summary>
    public string? ManagementUrl { get; }

    /// <summary>
    /// The server's resident set size (VmRSS in /proc/PID/status, proc(5)): what the process holds in RAM, managed
    /// heap and everything else.
    /// </summary>
    public long ResidentBytes()
    {
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line["VmRSS:".Length..].Replace("kB", "", StringComparison.Ordinal).Trim(), System.Globalization.CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidOperationException($"No VmRSS in /proc/{_process.Id}/status.");
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <param name="baseUrl">Where to listen instead of the environment's own URL: a second instance on the same config.</param>
    /// <param name="waitForReady">
    /// Return only once /health/ready answers 200, as a load balancer would wait before sending traffic; the first
    /// probes may fail on a loaded machine while the database query compiles. Tests that start a server which must
    /// not become ready pass false, and wait for the state they expect themselves.
    /// </param>
    /// <param name="managementListener">
    /// Serve the detailed health views on a management listener of its own (the environment's for the environment's
    /// URL, a fresh port for another instance), set through the environment so it wins over the config file.
    /// </param>
    public static async Task<IdpServerProcess> StartAsync(TestIdpEnvironment environment, string aspnetEnvironment = "Development",
        IDictionary<string, string>? variables = null, string? baseUrl = null, bool waitForReady = true, bool managementListener = true)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var managementUrl = !managementListener ? null
            : baseUrl is null || baseUrl == environment.BaseUrl ? environment.ManagementUrl
            : $"http://127.0.0.1:{TestIdpEnvironment.FreePort()}";
        baseUrl ??= environment.BaseUrl;
        var start = StartInfo(environment, aspnetEnvironment, baseUrl);
        if (managementUrl is not null)
        {
            start.Environment["Idp__Health__ManagementUrl"] = managementUrl;
        }

        foreach (var (key, value) in variables ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = new Process { StartInfo = start };
        var server = new IdpServerProcess(process, baseUrl, managementUrl);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await server.WaitUntilAsync("/health/live").ConfigureAwait(false);
        if (waitForReady)
        {
            await server.WaitUntilAsync("/health/ready").ConfigureAwait(false);
        }

        return server;
    }

    /// <summary>
    /// Starts the server as a deployment would and waits for it to exit: for tests of configurations it must refuse.
    /// A server still running after <paramref name="within"/> fails the test (and is killed).
    /// </summary>
    public static async Task<ExitedServer> RunUntilExitAsync(TestIdpEnvironment environment, string url, TimeSpan within)
    {
        using var process = Process.Start(StartInfo(environment, "Development", url)) ?? throw new InvalidOperationException("dotnet did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(within);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Xunit.Assert.Fail($"The server was still running after {within.TotalSeconds} s; it should have refused to start.\n{await stdout}\n{await stderr}");
        }

        return new ExitedServer(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>The server's built assembly on <paramref name="url"/>, with the environment's config, as a deployment runs it.</summary>
    public static ProcessStartInfo StartInfo(TestIdpEnvironment environment, string aspnetEnvironment, string url)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepositoryPaths.ServerProjectDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(RepositoryPaths.ServerAssembly);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(url);
        start.Environment["IDPFED_CONFIG_DIR"] = environment.ConfigDirectory;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = aspnetEnvironment;
        start.Environment["DOTNET_ENVIRONMENT"] = aspnetEnvironment;
        // --urls wins anyway; without the variable a refusal can only name the address this test chose.
        start.Environment.Remove("ASPNETCORE_URLS");
        return start;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    /// <summary>Polls <paramref name="path"/> until it answers 2xx; the deadline only bounds a server that never will.</summary>
    private async Task WaitUntilAsync(string path)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        var last = "no answer";
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                // Waiting again drains the redirected output, which can still be in flight when the exit is seen.
                await _process.WaitForExitAsync().ConfigureAwait(false);
                throw new InvalidOperationException($"Server exited with code {_process.ExitCode}:\n{Output}");
            }

            try
            {
                using var response = await client.GetAsync(BaseUrl + path).ConfigureAwait(false);
                // Our own process must have bound the port (its banner follows the bind): an answer alone could come
                // from another server on the same port.
                if (response.IsSuccessStatusCode && Output.Contains(StartedBanner, StringComparison.Ordinal))
                {
                    return;
                }

                last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync().ConfigureAwait(false)}";
            }
            catch (HttpRequestException ex)
            {
                last = ex.Message;
            }
            catch (TaskCanceledException)
            {
                last = "timed out";
            }

            await Task.Delay(150).ConfigureAwait(false);
        }

        throw new TimeoutException($"{path} did not answer 2xx within 90 s (last: {last}):\n{Output}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().ConfigureAwait(false);
        }

        _process.Dispose();
    }
}

/// <summary>What a server that exited printed, and its exit code.</summary>
public sealed record ExitedServer(int ExitCode, string Stdout, string Stderr);
