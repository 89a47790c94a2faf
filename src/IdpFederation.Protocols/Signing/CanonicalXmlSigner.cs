using System.Buffers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Xml;

namespace IdpFederation.Protocols.Signing;

/// <summary>
/// Signs an element that is already written in exclusive canonical form, without a DOM. The
/// signature is the one <see cref="XmlSigner"/> writes (exc-c14n, RSA-SHA256, SHA-256, transforms
/// enveloped-signature then exc-c14n, Reference "#id", KeyInfo/X509Data/X509Certificate), placed
/// as the element's last child. Token issuance uses it because SignedXml and the XmlDocument it
/// needs cost more than the RSA operation itself; metadata keeps <see cref="XmlSigner"/>.
/// </summary>
/// <remarks>
/// Why the input must be canonical: after the enveloped-signature transform removes the Signature
/// again, a verifier digests exc-c14n(element); for canonical input that is the input itself, so
/// the digest is taken over exactly the characters received.
/// Thread-safe: the only shared state is immutable text and the RSA key, fetched once.
/// </remarks>
public sealed class CanonicalXmlSigner : IDisposable
{
    private const string SignatureStartTag = "<Signature xmlns=\"" + XmlSignatureAlgorithms.DsigNamespace + "\">";

    // "<SignatureValue></SignatureValue></Signature>": the fixed text around the signature bytes.
    private const int SignatureValueOverhead = 45;

    // Refuses to encode a lone surrogate instead of silently digesting U+FFFD in its place.
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly RSA _privateKey;
    private readonly int _signatureBytes;
    private readonly string _keyInfo;

    public CanonicalXmlSigner(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        Certificate = certificate;
        _privateKey = certificate.GetRSAPrivateKey()
            ?? throw new ArgumentException("The signing certificate has no RSA private key.", nameof(certificate));
        _signatureBytes = (_privateKey.KeySize + 7) / 8;
        // Base64 of the DER certificate without line breaks, as SignedXml writes it; computed once.
        _keyInfo = "<KeyInfo><X509Data><X509Certificate>" + Convert.ToBase64String(certificate.RawData)
            + "</X509Certificate></X509Data></KeyInfo>";
    }

    public X509Certificate2 Certificate { get; }

    /// <summary>
    /// Returns <paramref name="canonicalElement"/> with an enveloped Signature inserted before its
    /// end tag. The caller vouches that the text is the element's exclusive c14n form (as written
    /// by <c>Saml11CanonicalWriter</c>); the signer checks only that it is one element whose start
    /// tag carries <paramref name="id"/> as an attribute value.
    /// </summary>
    /// <param name="id">The element's xs:ID value; the Reference is <c>#id</c>.</param>
    /// <exception cref="ArgumentException">The ID is not an NCName, is not on the element, or the text is not one element.</exception>
    public string SignEnveloped(ReadOnlySpan<char> canonicalElement, string id)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        VerifyNcName(id);
        var endTagStart = CanonicalElementShape.Check(canonicalElement, id);

        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        HashUtf8(canonicalElement, digest);
        Span<char> digestBase64 = stackalloc char[44]; // Base64 of 32 bytes
        Convert.TryToBase64Chars(digest, digestBase64, out _);

        var signedInfo = new CanonicalXmlBuilder(stackalloc char[CanonicalSignedInfo.TypicalLength]);
        var output = default(CanonicalXmlBuilder);
        try
        {
            CanonicalSignedInfo.Write(ref signedInfo, id, digestBase64);
            Span<char> signatureBase64 = stackalloc char[Base64Length(_signatureBytes)];
            Sign(signedInfo.Written, signatureBase64);

            var signedInfoBody = signedInfo.Written[CanonicalSignedInfo.StartTagWithNamespace.Length..];
            output = new CanonicalXmlBuilder(canonicalElement.Length + SignatureStartTag.Length + CanonicalSignedInfo.StartTag.Length
                + signedInfoBody.Length + SignatureValueOverhead + signatureBase64.Length + _keyInfo.Length);
            output.Raw(canonicalElement[..endTagStart]);
            output.Raw(SignatureStartTag);
            output.Raw(CanonicalSignedInfo.StartTag);
            output.Raw(signedInfoBody);
            output.Raw("<SignatureValue>");
            output.Raw(signatureBase64);
            output.Raw("</SignatureValue>");
            output.Raw(_keyInfo);
            output.Raw("</Signature>");
            output.Raw(canonicalElement[endTagStart..]);
            return output.ToString();
        }
        finally
        {
            signedInfo.Dispose();
            output.Dispose();
        }
    }

    public void Dispose() => _privateKey.Dispose();

    private void Sign(ReadOnlySpan<char> canonicalSignedInfo, Span<char> signatureBase64)
    {
        var rented = ArrayPool<byte>.Shared.Rent(StrictUtf8.GetMaxByteCount(canonicalSignedInfo.Length));
        try
        {
            var length = StrictUtf8.GetBytes(canonicalSignedInfo, rented);
            Span<byte> signature = stackalloc byte[_signatureBytes];
            // RSASSA-PKCS1-v1_5 with SHA-256 over the canonical SignedInfo octets (XML-DSig 6.4.2).
            if (!_privateKey.TrySignData(rented.AsSpan(0, length), signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1, out var written)
                || written != _signatureBytes)
            {
                throw new CryptographicException("The RSA signature did not have the key's length.");
            }

            Convert.TryToBase64Chars(signature, signatureBase64, out _);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static void HashUtf8(ReadOnlySpan<char> text, Span<byte> digest)
    {
        var rented = ArrayPool<byte>.Shared.Rent(StrictUtf8.GetMaxByteCount(text.Length));
        try
        {
            var length = StrictUtf8.GetBytes(text, rented);
            SHA256.HashData(rented.AsSpan(0, length), digest);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static int Base64Length(int bytes) => (bytes + 2) / 3 * 4;

    private static void VerifyNcName(string id)
    {
        try
        {
            XmlConvert.VerifyNCName(id);
        }
        catch (XmlException ex)
        {
            throw new ArgumentException("The ID must be a valid xs:ID (NCName).", nameof(id), ex);
        }
    }
}
