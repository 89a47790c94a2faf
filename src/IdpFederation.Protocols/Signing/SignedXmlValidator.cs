using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography.Xml;
using System.Xml;

namespace IdpFederation.Protocols.Signing;

/// <summary>
/// Strict verification of an enveloped signature on one element (architecture principle 5;
/// security checklist rows 1-5). The rules, each of which defeats a known attack:
/// exactly one Signature, a direct child of the element (signature exclusion, XSW);
/// exactly one Reference, to "#" + the element's own ID (XSW, signature scope by position);
/// that ID value on exactly one element in the document (XSW with cloned IDs);
/// algorithms and transforms from <see cref="XmlSignatureAlgorithms"/> only (XSLT/XPath, SHA-1);
/// and only the trusted certificates' keys, never KeyInfo from the message (key confusion).
/// Attacker-controlled input yields an invalid result, never an exception.
/// </summary>
public static class SignedXmlValidator
{
    public static SignatureValidationResult Validate(
        XmlElement signedElement,
        string idAttributeName,
        IReadOnlyCollection<X509Certificate2> trustedCertificates) =>
        Validate(signedElement, idAttributeName, trustedCertificates, SignatureValidationOptions.Default);

    public static SignatureValidationResult Validate(
        XmlElement signedElement,
        string idAttributeName,
        IReadOnlyCollection<X509Certificate2> trustedCertificates,
        SignatureValidationOptions options)
    {
        ArgumentNullException.ThrowIfNull(signedElement);
        ArgumentException.ThrowIfNullOrEmpty(idAttributeName);
        ArgumentNullException.ThrowIfNull(trustedCertificates);
        ArgumentNullException.ThrowIfNull(options);

        if (trustedCertificates.Count == 0)
        {
            return SignatureValidationResult.Invalid("No trusted certificates were supplied.");
        }

        var structureError = SignatureStructure.Check(signedElement, idAttributeName, out var signature, out var id);
        if (structureError is not null)
        {
            return SignatureValidationResult.Invalid(structureError);
        }

        try
        {
            var signedXml = new TargetedSignedXml(signedElement, id!);
            signedXml.LoadXml(signature!);
            var algorithmError = CheckSignedInfo(signedXml.SignedInfo!, id!, options);
            if (algorithmError is not null)
            {
                return SignatureValidationResult.Invalid(algorithmError);
            }

            foreach (var certificate in trustedCertificates)
            {
                using var key = certificate.GetRSAPublicKey();
                // CheckSignature(key) uses this key alone; KeyInfo in the message is never consulted.
                if (key is not null && signedXml.CheckSignature(key))
                {
                    return SignatureValidationResult.Valid;
                }
            }

            return SignatureValidationResult.Invalid("The signature does not verify with any trusted certificate.");
        }
        catch (Exception ex) when (ex is CryptographicException or XmlException or FormatException
                                       or InvalidOperationException or ArgumentException or NullReferenceException)
        {
            // SignedXml reports malformed signatures through several exception types.
            return SignatureValidationResult.Invalid("The signature is malformed: " + ex.GetType().Name + ".");
        }
    }

    private static string? CheckSignedInfo(SignedInfo signedInfo, string id, SignatureValidationOptions options)
    {
        if (!XmlSignatureAlgorithms.AllowedCanonicalizationMethods.Contains(signedInfo.CanonicalizationMethod))
        {
            return "The canonicalization method is not allowed.";
        }

        if (!XmlSignatureAlgorithms.IsAllowedSignatureMethod(signedInfo.SignatureMethod, options.AllowSha1))
        {
            return "The signature method is not allowed.";
        }

        if (signedInfo.References.Count != 1)
        {
            return "The signature must have exactly one Reference.";
        }

        var reference = (Reference)signedInfo.References[0]!;
        if (!string.Equals(reference.Uri, "#" + id, StringComparison.Ordinal))
        {
            return "The Reference does not point at the signed element.";
        }

        if (!XmlSignatureAlgorithms.IsAllowedDigestMethod(reference.DigestMethod, options.AllowSha1))
        {
            return "The digest method is not allowed.";
        }

        foreach (Transform transform in reference.TransformChain)
        {
            if (!XmlSignatureAlgorithms.AllowedTransforms.Contains(transform.Algorithm ?? string.Empty))
            {
                return "A transform is not allowed.";
            }
        }

        return null;
    }
}
