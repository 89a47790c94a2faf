using System.Security.Cryptography.X509Certificates;
using IdpFederation.Protocols.Signing;

namespace IdpFederation.Core.Tokens;

/// <summary>The key that signs now and every certificate that metadata must publish (current, then next).</summary>
public interface ISigningKeyStore
{
    XmlSigner Signer { get; }

    IReadOnlyList<X509Certificate2> PublishedCertificates { get; }
}
