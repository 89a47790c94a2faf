using System.CommandLine;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using IdpFederation.Infrastructure.Certificates;

namespace IdpFederation.Cli;

/// <summary>
/// idpfed cert show: what an administrator needs to register the signing certificate in Entra; cert new, status and
/// promote (CertRolloverCommands) roll it over.
/// </summary>
internal static class CertCommands
{
    public static Command Create(CliContext context) => new("cert", "Inspect and roll over the token-signing certificates.")
    {
        Show(context),
        CertRolloverCommands.New(context),
        CertRolloverCommands.Status(context),
        CertRolloverCommands.Promote(context),
    };

    /// <summary>Idp:Signing as the server loads it. Outside Development the CLI only reads a development certificate the
    /// server already made; it never creates one, so production never silently signs with a throwaway key.</summary>
    internal static SigningCertificates LoadConfigured(CliSession session) => CliSigningCertificates.Load(session);

    private static Command Show(CliContext context)
    {
        var json = new Option<bool>("--json") { Description = "Print JSON instead of text." };
        var command = new Command("show", "Show the current (and next) signing certificate with the base64 DER Entra asks for.") { json };
        command.SetAction(context.Run(
            (parse, session, ct) =>
            {
                var certificates = LoadConfigured(session);
                try
                {
                    var current = Describe(certificates.Current);
                    var next = certificates.Next is null ? null : Describe(certificates.Next);
                    if (parse.GetValue(json))
                    {
                        CliOutput.WriteJson(context.Console.Out, new { current, next });
                    }
                    else
                    {
                        Write(context.Console.Out, "Current signing certificate", current);
                        if (next is not null)
                        {
                            context.Console.Out.WriteLine();
                            Write(context.Console.Out, "Next signing certificate", next);
                        }
                    }
                }
                finally
                {
                    certificates.Current.Dispose();
                    certificates.Next?.Dispose();
                }

                return Task.CompletedTask;
            },
            migrateDirectory: false));
        return command;
    }

    private static CertificateView Describe(X509Certificate2 certificate) => new(
        certificate.Subject,
        certificate.Thumbprint,
        certificate.GetCertHashString(HashAlgorithmName.SHA256),
        certificate.NotBefore.ToUniversalTime(),
        certificate.NotAfter.ToUniversalTime(),
        Convert.ToBase64String(certificate.RawData));

    private static void Write(TextWriter output, string title, CertificateView view)
    {
        output.WriteLine(title);
        output.WriteLine($"  Subject:              {view.Subject}");
        output.WriteLine($"  Thumbprint (SHA-1):   {view.Thumbprint}");
        output.WriteLine($"  Thumbprint (SHA-256): {view.ThumbprintSha256}");
        output.WriteLine($"  NotBefore:            {CliOutput.Timestamp(view.NotBefore)}");
        output.WriteLine($"  NotAfter:             {CliOutput.Timestamp(view.NotAfter)}");
        output.WriteLine($"  Base64 (DER):         {view.Base64Der}");
    }

    /// <summary>Thumbprints are upper-case hex, as the Entra portal and Get-MgDomainFederationConfiguration show them.</summary>
    private sealed record CertificateView(
        string Subject, string Thumbprint, string ThumbprintSha256, DateTimeOffset NotBefore, DateTimeOffset NotAfter, string Base64Der);
}
