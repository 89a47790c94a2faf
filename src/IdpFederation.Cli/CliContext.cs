using System.CommandLine;

namespace IdpFederation.Cli;

/// <summary>What every command group needs: the console streams and the global --config-dir option.</summary>
internal sealed class CliContext(CliConsole console, Option<string?> configDirectory)
{
    public CliConsole Console { get; } = console;

    /// <summary>Wraps a command body: opens a session (migrating the directory unless told not to), runs, disposes.</summary>
    public Func<ParseResult, CancellationToken, Task<int>> Run(
        Func<ParseResult, CliSession, CancellationToken, Task> body, bool migrateDirectory = true) =>
        async (parseResult, cancellationToken) =>
        {
            var session = await CliSession.OpenAsync(parseResult.GetValue(configDirectory), migrateDirectory, cancellationToken).ConfigureAwait(false);
            await using (session.ConfigureAwait(false))
            {
                await body(parseResult, session, cancellationToken).ConfigureAwait(false);
                return ExitCodes.Success;
            }
        };
}
