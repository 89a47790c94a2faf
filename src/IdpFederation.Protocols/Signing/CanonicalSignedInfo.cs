namespace IdpFederation.Protocols.Signing;

/// <summary>
/// The SignedInfo that <see cref="XmlSigner"/> produces, held as its exclusive-c14n text: the
/// octets the RSA signature covers. Only the Reference URI and the DigestValue vary.
/// </summary>
/// <remarks>
/// The Signature element declares <c>xmlns="http://www.w3.org/2000/09/xmldsig#"</c>, as SignedXml
/// writes it. Exclusive c14n renders that default namespace on SignedInfo, the apex of the
/// canonicalized subset, because SignedInfo visibly uses it (Exclusive c14n 1.0 §3), and on no
/// descendant. In the Signature element itself SignedInfo is written without it, inheriting it.
/// </remarks>
internal static class CanonicalSignedInfo
{
    public const string StartTagWithNamespace = "<SignedInfo xmlns=\"" + XmlSignatureAlgorithms.DsigNamespace + "\">";
    public const string StartTag = "<SignedInfo>";

    private const string BeforeId =
        "<CanonicalizationMethod Algorithm=\"" + XmlSignatureAlgorithms.ExclusiveC14n + "\"></CanonicalizationMethod>"
        + "<SignatureMethod Algorithm=\"" + XmlSignatureAlgorithms.RsaSha256 + "\"></SignatureMethod>"
        + "<Reference URI=\"#";

    // Transforms in the order a verifier applies them: drop the Signature, then canonicalize.
    private const string BetweenIdAndDigest =
        "\"><Transforms>"
        + "<Transform Algorithm=\"" + XmlSignatureAlgorithms.EnvelopedSignature + "\"></Transform>"
        + "<Transform Algorithm=\"" + XmlSignatureAlgorithms.ExclusiveC14n + "\"></Transform>"
        + "</Transforms>"
        + "<DigestMethod Algorithm=\"" + XmlSignatureAlgorithms.Sha256 + "\"></DigestMethod>"
        + "<DigestValue>";

    private const string AfterDigest = "</DigestValue></Reference></SignedInfo>";

    /// <summary>Characters of a SignedInfo with a short ID: enough for a stack buffer that seldom grows.</summary>
    public const int TypicalLength = 768;

    /// <summary>
    /// Writes the canonical SignedInfo. <paramref name="id"/> must be an NCName, which needs no
    /// escaping in an attribute value; the Base64 digest needs none in text.
    /// </summary>
    public static void Write(ref CanonicalXmlBuilder xml, string id, ReadOnlySpan<char> digestBase64)
    {
        xml.Raw(StartTagWithNamespace);
        xml.Raw(BeforeId);
        xml.Raw(id);
        xml.Raw(BetweenIdAndDigest);
        xml.Raw(digestBase64);
        xml.Raw(AfterDigest);
    }
}
