using System.Security.Cryptography.Xml;
using System.Xml;
using IdpFederation.Protocols.Saml11;
using IdpFederation.Protocols.Signing;

namespace IdpFederation.Tests.Protocols;

/// <summary>Security checklist rows 2-5: tampering, signature exclusion, key confusion, algorithms, comments.</summary>
[Trait("Kind", "Unit")]
public class SignedXmlValidatorTests
{
    private readonly XmlDocument _rstr = TestTokens.Load(TestTokens.Rstr(TestTokens.SignedAssertion().DocumentElement!));

    private XmlNamespaceManager Ns => TestTokens.Namespaces(_rstr);

    private XmlElement Assertion => (XmlElement)_rstr.SelectSingleNode("//saml:Assertion", Ns)!;

    private static void AssertRejected(SignatureValidationResult result, string expectedError)
    {
        Assert.False(result.IsValid);
        Assert.NotNull(result.Error);
        Assert.Contains(expectedError, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Fresh_signature_is_valid()
    {
        Assert.Equal(new SignatureValidationResult(true, null), TestTokens.Validate(Assertion));
    }

    [Fact]
    public void Valid_with_any_one_of_several_trusted_certificates_for_rollover()
    {
        var result = TestTokens.Validate(Assertion,
            TestCertificates.PublicOnly(TestCertificates.NextSigning), TestCertificates.PublicOnly(TestCertificates.Signing));
        Assert.True(result.IsValid, result.Error);
    }

    [Fact]
    public void Rejects_modified_text_content()
    {
        _rstr.SelectSingleNode("//saml:AttributeStatement/saml:Subject/saml:NameIdentifier", Ns)!.InnerText = "someone-else";
        AssertRejected(TestTokens.Validate(Assertion), "does not verify");
    }

    [Fact]
    public void Rejects_modified_attribute()
    {
        ((XmlElement)_rstr.SelectSingleNode("//saml:Conditions", Ns)!).SetAttribute("NotOnOrAfter", "2099-01-01T00:00:00.000Z");
        AssertRejected(TestTokens.Validate(Assertion), "does not verify");
    }

    [Fact]
    public void Rejects_added_whitespace_inside_the_signed_element()
    {
        Assertion.InsertBefore(_rstr.CreateWhitespace("\n"), Assertion.FirstChild);
        AssertRejected(TestTokens.Validate(Assertion), "does not verify");
    }

    [Fact]
    public void Rejects_removed_signature()
    {
        Assertion.RemoveChild(Assertion.SelectSingleNode("ds:Signature", Ns)!);
        AssertRejected(TestTokens.Validate(Assertion), "not signed");
    }

    [Fact]
    public void Rejects_two_signatures()
    {
        Assertion.AppendChild(Assertion.SelectSingleNode("ds:Signature", Ns)!.CloneNode(true));
        AssertRejected(TestTokens.Validate(Assertion), "more than one Signature");
    }

    [Fact]
    public void Rejects_signature_by_another_key_with_that_keys_certificate_in_KeyInfo()
    {
        // Key confusion / certificate faking: same subject name, attacker's key, attacker's cert embedded.
        var forged = TestTokens.SignedAssertion(certificate: TestCertificates.Attacker).DocumentElement!;
        Assert.Equal(TestCertificates.Signing.Subject, TestCertificates.Attacker.Subject);
        Assert.Contains(Convert.ToBase64String(TestCertificates.Attacker.RawData), forged.OuterXml, StringComparison.Ordinal);
        AssertRejected(TestTokens.Validate(forged), "does not verify with any trusted certificate");

        // A verifier that takes the key from KeyInfo (SignedXml.CheckSignature() without a key) accepts
        // the forgery: the signature is cryptographically sound, only the key choice stops it.
        var naive = new KeyInfoTrustingSignedXml(forged);
        naive.LoadXml((XmlElement)forged.GetElementsByTagName("Signature", XmlSignatureAlgorithms.DsigNamespace)[0]!);
        Assert.True(naive.CheckSignature());
    }

    private sealed class KeyInfoTrustingSignedXml : SignedXml
    {
        private readonly XmlElement _element;

        public KeyInfoTrustingSignedXml(XmlElement element)
            : base(element) => _element = element;

        public override XmlElement? GetIdElement(XmlDocument? document, string idValue) => _element;
    }

    [Fact]
    public void Rejects_reference_to_a_different_id()
    {
        // A signed sibling assertion; its signature is moved into the assertion we are asked to trust.
        var document = TestTokens.Load($"<w>{TestTokens.SignedAssertion().DocumentElement!.OuterXml}{Saml11AssertionSerializer.ToXmlDocument(TestTokens.Model()).DocumentElement!.OuterXml}</w>");
        var signed = (XmlElement)document.DocumentElement!.ChildNodes[0]!;
        var target = (XmlElement)document.DocumentElement!.ChildNodes[1]!;
        target.AppendChild(signed.LastChild!);
        AssertRejected(TestTokens.Validate(target), "does not point at the signed element");
    }

    [Fact]
    public void Rejects_duplicate_ids_in_the_document()
    {
        var clone = (XmlElement)Assertion.CloneNode(true);
        clone.RemoveChild(clone.LastChild!);
        _rstr.DocumentElement!.AppendChild(clone);
        AssertRejected(TestTokens.Validate(Assertion), "must be unique");
    }

    [Fact]
    public void Rejects_missing_id_attribute()
    {
        Assertion.RemoveAttribute("AssertionID");
        AssertRejected(TestTokens.Validate(Assertion), "no 'AssertionID' attribute");
    }

    [Fact]
    public void Rejects_malformed_signature_without_throwing()
    {
        Assertion.SelectSingleNode("ds:Signature/ds:SignatureValue", Ns)!.InnerText = "%%%not base64%%%";
        Assert.False(TestTokens.Validate(Assertion).IsValid);
        Assertion.SelectSingleNode("ds:Signature", Ns)!.RemoveChild(Assertion.SelectSingleNode("ds:Signature/ds:SignedInfo", Ns)!);
        Assert.False(TestTokens.Validate(Assertion).IsValid);
    }

    /// <summary>
    /// Security checklist row 4 (CVE-2017-11428). Exclusive c14n without comments drops comments,
    /// so a comment injected after signing leaves the signature VALID; that is correct XML-DSig
    /// behaviour, not a bug. The defence is on the reading side: take the value with InnerText (all
    /// text nodes), never the first text node, so the value read equals the value signed.
    /// </summary>
    [Fact]
    public void Comment_injected_into_NameIdentifier_keeps_the_signature_valid_and_the_full_value_readable()
    {
        var xml = TestTokens.Rstr(TestTokens.SignedAssertion().DocumentElement!)
            .Replace($">{TestTokens.ImmutableId}</saml:NameIdentifier>", ">AbCdEf<!---->+/Gh12345678==</saml:NameIdentifier>", StringComparison.Ordinal);
        var document = TestTokens.Load(xml);
        var ns = TestTokens.Namespaces(document);
        var assertion = (XmlElement)document.SelectSingleNode("//saml:Assertion", ns)!;
        var nameId = document.SelectSingleNode("//saml:AttributeStatement/saml:Subject/saml:NameIdentifier", ns)!;

        Assert.True(TestTokens.Validate(assertion).IsValid);
        Assert.Equal("AbCdEf", nameId.FirstChild!.Value); // the truncated reading a naive consumer would make
        Assert.Equal(TestTokens.ImmutableId, nameId.InnerText); // the signed value, read correctly
    }
}
