using IdpFederation.Infrastructure.Certificates;

namespace IdpFederation.Cli;

/// <summary>The signing certificates as the server uses them, for commands that show or publish them.</summary>
internal static class CliSigningCertificates
{
    public static SigningCertificates Load(CliSession session)
    {
        var signing = session.Options.Signing;
        var developmentFile = Path.Combine(session.Paths.DataDirectory, SigningCertificateLoader.DevelopmentCertificateFile);
        // Outside Development the CLI only reads a development certificate the server already made; it never creates
        // one, so production never silently signs with (or federates to) a throwaway key.
        var allowDevelopment = string.Equals(session.EnvironmentName, "Development", StringComparison.OrdinalIgnoreCase)
            || (signing.Current is not { Path.Length: > 0 } && File.Exists(developmentFile));
        return SigningCertificateLoader.Load(signing, session.Paths, allowDevelopment, TimeProvider.System);
    }
}
