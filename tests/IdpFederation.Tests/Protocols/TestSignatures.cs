using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography.Xml;
using System.Xml;

namespace IdpFederation.Tests.Protocols;

/// <summary>
/// Builds signatures the production signer never would (extra references, SHA-1, XPath/XSLT
/// transforms) with the stock <see cref="SignedXml"/>, so each test shows a real, cryptographically
/// valid signature that the validator still refuses for its shape.
/// </summary>
public static class TestSignatures
{
    public static void Sign(
        XmlElement element,
        X509Certificate2 certificate,
        string signatureMethod,
        string digestMethod,
        IEnumerable<string> referenceIds,
        Func<Transform[]>? transforms = null)
    {
        var signedXml = new IdLookupSignedXml(element) { SigningKey = certificate.GetRSAPrivateKey() };
        signedXml.SignedInfo!.CanonicalizationMethod = SignedXml.XmlDsigExcC14NTransformUrl;
        signedXml.SignedInfo.SignatureMethod = signatureMethod;
        foreach (var id in referenceIds)
        {
            var reference = new Reference("#" + id) { DigestMethod = digestMethod };
            foreach (var transform in transforms?.Invoke() ?? [new XmlDsigEnvelopedSignatureTransform(), new XmlDsigExcC14NTransform()])
            {
                reference.AddTransform(transform);
            }

            signedXml.AddReference(reference);
        }

        var keyInfo = new KeyInfo();
        keyInfo.AddClause(new KeyInfoX509Data(certificate));
        signedXml.KeyInfo = keyInfo;
        signedXml.ComputeSignature();
        element.AppendChild(element.OwnerDocument.ImportNode(signedXml.GetXml(), true));
    }

    /// <summary>Finds references by AssertionID or ID anywhere in the document (test-only: lax on purpose).</summary>
    private sealed class IdLookupSignedXml : SignedXml
    {
        public IdLookupSignedXml(XmlElement element)
            : base(element)
        {
        }

        public override XmlElement? GetIdElement(XmlDocument? document, string idValue) =>
            document!.SelectSingleNode($"//*[@AssertionID='{idValue}' or @ID='{idValue}']") as XmlElement;
    }
}
