using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;

namespace IdpFederation.Tests.Protocols;

/// <summary>
/// Independent verification of our signatures with xmlsec1 (libxmlsec1 over OpenSSL): a second
/// XML-DSig implementation reading the same bytes (security checklist row 16, differential testing).
/// Command line:
/// <c>xmlsec1 --verify --enabled-key-data rsa --pubkey-cert-pem cert.pem --id-attr:AssertionID urn:oasis:names:tc:SAML:1.0:assertion:Assertion file.xml</c>.
/// <c>--enabled-key-data rsa</c> switches off X509Data processing, so xmlsec1 ignores the message's
/// KeyInfo and can only use the key from <c>--pubkey-cert-pem</c> (no system trust store involved).
/// </summary>
public static class Xmlsec1
{
    public const string AssertionIdNode = "urn:oasis:names:tc:SAML:1.0:assertion:Assertion";
    public const string MetadataIdNode = "urn:oasis:names:tc:SAML:2.0:metadata:EntityDescriptor";

    private static readonly string[] Candidates = ["/usr/bin/xmlsec1", "/usr/local/bin/xmlsec1"];

    public static (int ExitCode, string Output) VerifyAssertion(string xml, X509Certificate2 cert) =>
        Verify(xml, cert, "AssertionID", AssertionIdNode);

    public static (int ExitCode, string Output) VerifyMetadata(string xml, X509Certificate2 cert) =>
        Verify(xml, cert, "ID", MetadataIdNode);

    public static (int ExitCode, string Output) Verify(string xml, X509Certificate2 cert, string idAttribute, string idNode)
    {
        ArgumentNullException.ThrowIfNull(xml);
        ArgumentNullException.ThrowIfNull(cert);
        var executable = Candidates.FirstOrDefault(File.Exists);
        if (executable is null)
        {
            // Deliberately a failure, not a skip: without xmlsec1 the signatures go unchecked by a second implementation.
            Assert.Fail("xmlsec1 is not installed. Install it (Debian/Ubuntu: apt-get install xmlsec1) to run the independent signature checks.");
        }

        var directory = System.IO.Directory.CreateTempSubdirectory("idpfed-xmlsec1-");
        try
        {
            var xmlPath = Path.Combine(directory.FullName, "signed.xml");
            var certPath = Path.Combine(directory.FullName, "cert.pem");
            File.WriteAllText(xmlPath, xml);
            File.WriteAllText(certPath, cert.ExportCertificatePem());

            var start = new ProcessStartInfo(executable!)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in new[]
                     {
                         "--verify", "--enabled-key-data", "rsa", "--pubkey-cert-pem", certPath,
                         "--id-attr:" + idAttribute, idNode, xmlPath,
                     })
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
            {
                process.Kill();
                Assert.Fail("xmlsec1 did not finish within 30 seconds.");
            }

            return (process.ExitCode, stdout.GetAwaiter().GetResult() + stderr.GetAwaiter().GetResult());
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
