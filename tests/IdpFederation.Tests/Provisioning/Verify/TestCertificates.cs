using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace IdpFederation.Tests.Provisioning.Verify;

/// <summary>Self-signed app certificates written as the admin would keep them: PEM with its key, or a PFX with a password.</summary>
internal static class TestCertificates
{
    public static X509Certificate2 Create(string subject, DateTimeOffset notAfter)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), notAfter);
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null, X509KeyStorageFlags.Exportable);
    }

    public static void WritePemWithKey(X509Certificate2 certificate, string path)
    {
        using var key = certificate.GetRSAPrivateKey()!;
        File.WriteAllText(path, certificate.ExportCertificatePem() + "\n" + key.ExportPkcs8PrivateKeyPem() + "\n");
    }

    public static void WritePfx(X509Certificate2 certificate, string path, string password) =>
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pkcs12, password));

    /// <summary>The public certificate alone (what Graph and the test server hold).</summary>
    public static X509Certificate2 PublicPart(X509Certificate2 certificate) => X509CertificateLoader.LoadCertificate(certificate.RawData);
}
