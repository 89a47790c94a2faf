using System.Security.Cryptography.Xml;
using System.Xml;
using IdpFederation.Protocols.Saml11;
using IdpFederation.Protocols.Signing;

namespace IdpFederation.Tests.Protocols;

/// <summary>
/// Security checklist row 5 and the Sustainsys-style shape rules: one Reference, allow-listed
/// transforms and algorithms. Where possible the signature is genuine, so only the rule can refuse it.
/// </summary>
[Trait("Kind", "Unit")]
public class SignatureAlgorithmTests
{
    private readonly XmlDocument _rstr = TestTokens.Load(TestTokens.Rstr(TestTokens.SignedAssertion().DocumentElement!));

    private XmlNamespaceManager Ns => TestTokens.Namespaces(_rstr);

    private XmlElement Assertion => (XmlElement)_rstr.SelectSingleNode("//saml:Assertion", Ns)!;

    private static void AssertRejected(SignatureValidationResult result, string expectedError)
    {
        Assert.False(result.IsValid);
        Assert.Contains(expectedError, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_signature_with_two_references()
    {
        var document = Saml11AssertionSerializer.ToXmlDocument(TestTokens.Model());
        var root = document.DocumentElement!;
        var id = root.GetAttribute("AssertionID");
        TestSignatures.Sign(root, TestCertificates.Signing, XmlSignatureAlgorithms.RsaSha256, XmlSignatureAlgorithms.Sha256, [id, id]);
        AssertRejected(TestTokens.Validate(root), "exactly one Reference");
    }

    [Theory]
    [InlineData("http://www.w3.org/TR/1999/REC-xslt-19991116")]
    [InlineData("http://www.w3.org/TR/1999/REC-xpath-19991116")]
    [InlineData("http://www.w3.org/TR/2001/REC-xml-c14n-20010315")]
    [InlineData("http://www.w3.org/2001/10/xml-exc-c14n#WithComments")]
    public void Rejects_disallowed_transform_before_running_it(string algorithm)
    {
        var transform = (XmlElement)Assertion.SelectSingleNode("ds:Signature/ds:SignedInfo/ds:Reference/ds:Transforms/ds:Transform[2]", Ns)!;
        transform.SetAttribute("Algorithm", algorithm);
        AssertRejected(TestTokens.Validate(Assertion), "transform is not allowed");
    }

    [Fact]
    public void Rejects_a_genuine_signature_that_uses_an_xpath_transform()
    {
        var document = Saml11AssertionSerializer.ToXmlDocument(TestTokens.Model());
        var root = document.DocumentElement!;
        var xpath = new XmlDsigXPathTransform();
        var doc = new XmlDocument();
        var element = doc.CreateElement("XPath", XmlSignatureAlgorithms.DsigNamespace);
        element.InnerText = "not(ancestor-or-self::*[local-name()='Signature'])";
        xpath.LoadInnerXml(element.SelectNodes(".")!);
        TestSignatures.Sign(root, TestCertificates.Signing, XmlSignatureAlgorithms.RsaSha256, XmlSignatureAlgorithms.Sha256,
            [root.GetAttribute("AssertionID")], () => [xpath]);
        AssertRejected(TestTokens.Validate(root), "transform is not allowed");
    }

    [Fact]
    public void Rejects_rsa_sha1_unless_explicitly_allowed()
    {
        var document = Saml11AssertionSerializer.ToXmlDocument(TestTokens.Model());
        var root = document.DocumentElement!;
        TestSignatures.Sign(root, TestCertificates.Signing, XmlSignatureAlgorithms.RsaSha1, XmlSignatureAlgorithms.Sha1,
            [root.GetAttribute("AssertionID")]);
        AssertRejected(TestTokens.Validate(root), "signature method is not allowed");

        var allowed = SignedXmlValidator.Validate(root, "AssertionID", [TestCertificates.Signing],
            new SignatureValidationOptions { AllowSha1 = true });
        Assert.True(allowed.IsValid, allowed.Error);
    }

    [Fact]
    public void Rejects_sha1_digest_under_a_sha256_signature_method()
    {
        var document = Saml11AssertionSerializer.ToXmlDocument(TestTokens.Model());
        var root = document.DocumentElement!;
        TestSignatures.Sign(root, TestCertificates.Signing, XmlSignatureAlgorithms.RsaSha256, XmlSignatureAlgorithms.Sha1,
            [root.GetAttribute("AssertionID")]);
        AssertRejected(TestTokens.Validate(root), "digest method is not allowed");
    }
}
