namespace IdpFederation.Cli;

/// <summary>The streams a command reads and writes; injected so tests can drive the CLI in-process.</summary>
internal sealed record CliConsole(TextReader In, TextWriter Out, TextWriter Error)
{
    /// <summary>Reads the password line for --password-stdin; it is never echoed back or logged.</summary>
    public string ReadPassword()
    {
        var password = In.ReadLine();
        if (string.IsNullOrEmpty(password))
        {
            throw new CliRefusedException("No password on standard input: --password-stdin expects the password as one line.");
        }

        return password;
    }
}
