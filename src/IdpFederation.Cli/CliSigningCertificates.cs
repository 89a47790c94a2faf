using IdpFederation.Infrastructure.Certificates;

namespace IdpFederation.Cli;

/// <summary>The signing certificates as a CLI command sees them (cert show, federation script).</summary>
internal static class CliSigningCertificates
{
    /// <summary>The caller disposes both certificates.</summary>
    public static SigningCertificates Load(CliSession session)
    {
        var signing = session.Options.Signing;
        var developmentFile = Path.Combine(session.Paths.DataDirectory, SigningCertificateLoader.DevelopmentCertificateFile);
        // Outside Development the CLI only reads a development certificate the server already made; it never
        // creates one, so production never silently signs with a throwaway key.
        var allowDevelopment = string.Equals(session.EnvironmentName, "Development", StringComparison.OrdinalIgnoreCase)
            || (signing.Current is not { Path.Length: > 0 } && File.Exists(developmentFile));
        return SigningCertificateLoader.Load(signing, session.Paths, allowDevelopment, TimeProvider.System);
    }
}
