using System.Security.Cryptography.X509Certificates;
using IdpFederation.Core.Tokens;
using IdpFederation.Protocols.Signing;

namespace IdpFederation.Infrastructure.Certificates;

/// <summary>Signs with the current certificate and publishes current then next.</summary>
public sealed class CertificateSigningKeyStore : ISigningKeyStore, IDisposable
{
    public CertificateSigningKeyStore(SigningCertificates certificates)
    {
        ArgumentNullException.ThrowIfNull(certificates);
        Signer = new XmlSigner(certificates.Current);
        CanonicalSigner = new CanonicalXmlSigner(certificates.Current);
        PublishedCertificates = certificates.Published.ToArray();
    }

    public XmlSigner Signer { get; }

    public CanonicalXmlSigner CanonicalSigner { get; }

    public IReadOnlyList<X509Certificate2> PublishedCertificates { get; }

    public void Dispose()
    {
        Signer.Dispose();
        CanonicalSigner.Dispose();
    }
}
