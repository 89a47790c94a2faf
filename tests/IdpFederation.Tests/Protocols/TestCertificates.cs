using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace IdpFederation.Tests.Protocols;

/// <summary>Throwaway RSA-2048 self-signed certificates, made once per test run, never written to disk as keys.</summary>
public static class TestCertificates
{
    private static readonly Lazy<X509Certificate2> SigningLazy = new(() => Create("CN=IdpFederation Test Signing"));
    private static readonly Lazy<X509Certificate2> NextSigningLazy = new(() => Create("CN=IdpFederation Test Next Signing"));
    private static readonly Lazy<X509Certificate2> AttackerLazy = new(() => Create("CN=IdpFederation Test Signing"));

    /// <summary>The IdP's token-signing certificate (with private key).</summary>
    public static X509Certificate2 Signing => SigningLazy.Value;

    /// <summary>The rollover certificate (with private key).</summary>
    public static X509Certificate2 NextSigning => NextSigningLazy.Value;

    /// <summary>An attacker's certificate. Same subject as <see cref="Signing"/> on purpose (certificate faking).</summary>
    public static X509Certificate2 Attacker => AttackerLazy.Value;

    public static X509Certificate2 Create(string subject)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));
    }

    /// <summary>The certificate alone (no private key), as a verifier would hold it.</summary>
    public static X509Certificate2 PublicOnly(X509Certificate2 certificate) =>
        X509CertificateLoader.LoadCertificate(certificate.RawData);
}
