using System.Security.Cryptography.X509Certificates;
using IdpFederation.Protocols.Signing;

namespace IdpFederation.Core.Tokens;

/// <summary>The key that signs now and every certificate that metadata must publish (current, then next).</summary>
public interface ISigningKeyStore
{
    /// <summary>Signs documents built as XmlDocument (metadata).</summary>
    XmlSigner Signer { get; }

    /// <summary>Signs assertions that are written directly in canonical form: the per-token fast path.</summary>
    CanonicalXmlSigner CanonicalSigner { get; }

    IReadOnlyList<X509Certificate2> PublishedCertificates { get; }
}
