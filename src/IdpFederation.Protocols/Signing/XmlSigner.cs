using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography.Xml;
using System.Xml;

namespace IdpFederation.Protocols.Signing;

/// <summary>
/// Writes enveloped XML-DSig signatures the way Entra expects them (spec §1.4 "Signature details"):
/// exclusive c14n, RSA-SHA256, SHA-256, transforms enveloped-signature then exc-c14n, and
/// KeyInfo/X509Data/X509Certificate carrying the signing certificate.
/// </summary>
/// <remarks>
/// Thread-safe: every call builds its own <see cref="SignedXml"/>; the only shared state is the
/// certificate and the RSA private key, which is fetched once (fetching it per token is costly).
/// The caller must not mutate the same document from two threads.
/// </remarks>
public sealed class XmlSigner : IDisposable
{
    private readonly RSA _privateKey;

    public XmlSigner(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        Certificate = certificate;
        _privateKey = certificate.GetRSAPrivateKey()
            ?? throw new ArgumentException("The signing certificate has no RSA private key.", nameof(certificate));
    }

    public X509Certificate2 Certificate { get; }

    /// <summary>
    /// Signs <paramref name="element"/> (which must carry <paramref name="id"/> in its ID attribute)
    /// with a Reference to <c>#id</c>, and inserts the Signature before <paramref name="insertBefore"/>,
    /// or as the last child when it is null (SAML 1.1 Assertion: Signature is last).
    /// </summary>
    public void SignEnveloped(XmlElement element, string id, XmlNode? insertBefore)
    {
        ArgumentNullException.ThrowIfNull(element);
        ArgumentException.ThrowIfNullOrEmpty(id);
        if (insertBefore is not null && !ReferenceEquals(insertBefore.ParentNode, element))
        {
            throw new ArgumentException("insertBefore must be a child of the element being signed.", nameof(insertBefore));
        }

        // A Reference to an ID the element does not carry could never be resolved by a verifier.
        if (!element.Attributes.Cast<XmlAttribute>().Any(a => a.Value == id))
        {
            throw new ArgumentException("The element has no attribute with this ID value.", nameof(id));
        }

        var document = element.OwnerDocument;
        var signedXml = new TargetedSignedXml(element, id) { SigningKey = _privateKey };
        signedXml.SignedInfo!.CanonicalizationMethod = XmlSignatureAlgorithms.ExclusiveC14n;
        signedXml.SignedInfo.SignatureMethod = XmlSignatureAlgorithms.RsaSha256;

        var reference = new Reference("#" + id) { DigestMethod = XmlSignatureAlgorithms.Sha256 };
        reference.AddTransform(new XmlDsigEnvelopedSignatureTransform());
        reference.AddTransform(new XmlDsigExcC14NTransform());
        signedXml.AddReference(reference);

        var keyInfo = new KeyInfo();
        keyInfo.AddClause(new KeyInfoX509Data(Certificate));
        signedXml.KeyInfo = keyInfo;

        signedXml.ComputeSignature();
        var signature = document.ImportNode(signedXml.GetXml(), deep: true);
        if (insertBefore is null)
        {
            element.AppendChild(signature);
        }
        else
        {
            element.InsertBefore(signature, insertBefore);
        }
    }

    public void Dispose() => _privateKey.Dispose();
}
