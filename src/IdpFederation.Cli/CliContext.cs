using Microsoft.Extensions.DependencyInjection;
using System.CommandLine;

namespace IdpFederation.Cli;

/// <summary>What every command group needs: the console streams and the global --config-dir option.</summary>
internal sealed class CliContext(CliConsole console, Option<string?> configDirectory, Func<HttpMessageHandler>? graphTransport = null,
    Action<IServiceCollection>? configureServices = null)
{
    private static readonly HttpClient SharedProbeClient = new() { Timeout = TimeSpan.FromSeconds(15) };

    public CliConsole Console { get; } = console;

    /// <summary>Test seam for in-process runs: the innermost HTTP handler for Graph and token requests (GraphClients.Transport).</summary>
    public Func<HttpMessageHandler>? GraphTransport { get; } = graphTransport;

    /// <summary>For requests to our own public endpoints (federation check): the platform's client and trust.</summary>
    public static HttpClient ProbeClient => SharedProbeClient;

    /// <summary>Wraps a command body: opens a session (migrating the directory unless told not to), runs, disposes.</summary>
    public Func<ParseResult, CancellationToken, Task<int>> Run(
        Func<ParseResult, CliSession, CancellationToken, Task> body, bool migrateDirectory = true) =>
        RunWithExitCode(async (parseResult, session, cancellationToken) =>
        {
            await body(parseResult, session, cancellationToken).ConfigureAwait(false);
            return ExitCodes.Success;
        }, migrateDirectory);

    /// <summary>As <see cref="Run"/>, for a command whose exit code is its answer (provision verify: 1 when not ready).</summary>
    public Func<ParseResult, CancellationToken, Task<int>> RunWithExitCode(
        Func<ParseResult, CliSession, CancellationToken, Task<int>> body, bool migrateDirectory = true) =>
        async (parseResult, cancellationToken) =>
        {
            var session = await CliSession.OpenAsync(parseResult.GetValue(configDirectory), migrateDirectory, cancellationToken, configureServices).ConfigureAwait(false);
            await using (session.ConfigureAwait(false))
            {
                return await body(parseResult, session, cancellationToken).ConfigureAwait(false);
            }
        };
}
