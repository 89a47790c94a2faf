using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace IdpFederation.Infrastructure.Certificates.Rollover;

/// <summary>
/// Makes a self-signed token-signing certificate as AD FS does: RSA, SHA-256, DigitalSignature key usage. Entra trusts
/// the certificate itself (signingCertificate), not a chain, so self-signed is what federation expects (spec §7).
/// </summary>
public static class SigningCertificateGenerator
{
    /// <param name="publicBaseUrl">Idp:PublicBaseUrl; its host names the certificate, so an admin recognises it in Entra.</param>
    public static X509Certificate2 Create(string publicBaseUrl, DateTimeOffset now, int validityDays, int keySize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(keySize, 2048);
        ArgumentOutOfRangeException.ThrowIfLessThan(validityDays, 1);
        var host = Uri.TryCreate(publicBaseUrl, UriKind.Absolute, out var url) ? url.Host : "idpfederation";
        using var rsa = RSA.Create(keySize);
        var subject = new X500DistinguishedNameBuilder();
        subject.AddCommonName($"IdpFederation token signing - {host}");
        var request = new CertificateRequest(subject.Build(), rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        // Valid from a little before now, so a clock slightly behind ours (Entra's, another instance's) accepts it.
        using var created = request.CreateSelfSigned(now.AddMinutes(-10), now.AddDays(validityDays));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), password: null,
            X509KeyStorageFlags.EphemeralKeySet | X509KeyStorageFlags.Exportable);
    }
}
