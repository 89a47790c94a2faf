namespace IdpFederation.Cli;

/// <summary>The command line was wrong (exit code 2); the message says how.</summary>
internal sealed class CliUsageException(string message) : Exception(message);

/// <summary>The command was understood but cannot be carried out (exit code 1).</summary>
internal sealed class CliRefusedException(string message) : Exception(message);

internal static class ExitCodes
{
    public const int Success = 0;
    public const int Refused = 1;
    public const int Usage = 2;
}
