using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace IdpFederation.Tests.Server.Startup;

/// <summary>Throwaway RSA-2048 certificates written as PFX or PEM files.</summary>
internal static class CertificateFiles
{
    private static X509Certificate2 Create(RSA rsa)
    {
        var request = new CertificateRequest("CN=IdpFederation Test Signing", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
    }

    public static void WritePfx(string path, string? password)
    {
        using var rsa = RSA.Create(2048);
        using var certificate = Create(rsa);
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pkcs12, password));
    }

    public static void WritePem(string certificatePath, string keyPath, string? keyPassword = null)
    {
        using var rsa = RSA.Create(2048);
        using var certificate = Create(rsa);
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, keyPassword is null
            ? rsa.ExportPkcs8PrivateKeyPem()
            : rsa.ExportEncryptedPkcs8PrivateKeyPem(keyPassword, new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 10_000)));
    }
}
