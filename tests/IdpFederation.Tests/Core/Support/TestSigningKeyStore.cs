using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using IdpFederation.Core.Tokens;
using IdpFederation.Protocols.Signing;

namespace IdpFederation.Tests.CoreLayer;

/// <summary>A throwaway self-signed RSA-2048 key, so response generation can be tested end to end with a real signature.</summary>
public sealed class TestSigningKeyStore : ISigningKeyStore, IDisposable
{
    public TestSigningKeyStore()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=IdpFederation Core tests", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        Certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        Signer = new XmlSigner(Certificate);
        CanonicalSigner = new CanonicalXmlSigner(Certificate);
    }

    public X509Certificate2 Certificate { get; }

    public XmlSigner Signer { get; }

    public CanonicalXmlSigner CanonicalSigner { get; }

    public IReadOnlyList<X509Certificate2> PublishedCertificates => [Certificate];

    public void Dispose()
    {
        Signer.Dispose();
        CanonicalSigner.Dispose();
        Certificate.Dispose();
    }
}
