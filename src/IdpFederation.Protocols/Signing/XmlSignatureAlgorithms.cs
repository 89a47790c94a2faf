using System.Security.Cryptography.Xml;

namespace IdpFederation.Protocols.Signing;

/// <summary>
/// XML-DSig algorithm URIs we write, and the allow-list <see cref="SignedXmlValidator"/> enforces
/// (security checklist row 5: no XSLT/XPath transforms, no weak or unexpected algorithms).
/// </summary>
public static class XmlSignatureAlgorithms
{
    public const string DsigNamespace = SignedXml.XmlDsigNamespaceUrl; // http://www.w3.org/2000/09/xmldsig#
    public const string RsaSha256 = SignedXml.XmlDsigRSASHA256Url;    // http://www.w3.org/2001/04/xmldsig-more#rsa-sha256
    public const string Sha256 = SignedXml.XmlDsigSHA256Url;          // http://www.w3.org/2001/04/xmlenc#sha256
    public const string RsaSha1 = SignedXml.XmlDsigRSASHA1Url;        // http://www.w3.org/2000/09/xmldsig#rsa-sha1
    public const string Sha1 = SignedXml.XmlDsigSHA1Url;              // http://www.w3.org/2000/09/xmldsig#sha1
    public const string ExclusiveC14n = SignedXml.XmlDsigExcC14NTransformUrl; // http://www.w3.org/2001/10/xml-exc-c14n#
    public const string EnvelopedSignature = SignedXml.XmlDsigEnvelopedSignatureTransformUrl;

    /// <summary>Canonicalization methods accepted in SignedInfo: exclusive c14n without comments only.</summary>
    public static IReadOnlySet<string> AllowedCanonicalizationMethods { get; } =
        new HashSet<string>(StringComparer.Ordinal) { ExclusiveC14n };

    /// <summary>Reference transforms accepted: enveloped signature and exclusive c14n, nothing else.</summary>
    public static IReadOnlySet<string> AllowedTransforms { get; } =
        new HashSet<string>(StringComparer.Ordinal) { EnvelopedSignature, ExclusiveC14n };

    /// <summary>Signature methods accepted. SHA-1 is added only when the caller opts in.</summary>
    public static bool IsAllowedSignatureMethod(string? algorithm, bool allowSha1) =>
        string.Equals(algorithm, RsaSha256, StringComparison.Ordinal)
        || (allowSha1 && string.Equals(algorithm, RsaSha1, StringComparison.Ordinal));

    /// <summary>Digest methods accepted. SHA-1 is added only when the caller opts in.</summary>
    public static bool IsAllowedDigestMethod(string? algorithm, bool allowSha1) =>
        string.Equals(algorithm, Sha256, StringComparison.Ordinal)
        || (allowSha1 && string.Equals(algorithm, Sha1, StringComparison.Ordinal));
}
