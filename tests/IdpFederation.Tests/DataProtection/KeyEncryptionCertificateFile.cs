using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace IdpFederation.Tests.DataProtection;

/// <summary>A throwaway RSA-2048 certificate with its private key, written as a PFX for Idp:State:KeyEncryptionCertificate.</summary>
internal static class KeyEncryptionCertificateFile
{
    public static string Create(string directory)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=IdpFederation Test Key Encryption", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyEncipherment, critical: true));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var path = Path.Combine(directory, $"key-encryption-{Guid.NewGuid():N}.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pkcs12));
        return path;
    }
}
