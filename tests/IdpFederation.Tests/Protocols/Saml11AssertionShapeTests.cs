using System.Xml;
using IdpFederation.Protocols.Saml11;

namespace IdpFederation.Tests.Protocols;

/// <summary>
/// Spec §1.3 and §1.4: every element and attribute Entra requires, read back by XPath from the
/// RSTR string after a round trip through <c>SafeXml</c>, exactly as Entra would receive it.
/// </summary>
[Trait("Kind", "Unit")]
public class Saml11AssertionShapeTests
{
    private const string FullDateTime = @"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$";

    private readonly Saml11Assertion _model = TestTokens.Model();
    private readonly XmlDocument _rstr;
    private readonly XmlNamespaceManager _ns;

    public Saml11AssertionShapeTests()
    {
        var signed = TestTokens.SignedAssertion(_model);
        _rstr = TestTokens.Load(TestTokens.Rstr(signed.DocumentElement!));
        _ns = TestTokens.Namespaces(_rstr);
    }

    private string Value(string xpath) =>
        (_rstr.SelectSingleNode(xpath, _ns) ?? throw new Xunit.Sdk.XunitException("Missing: " + xpath)).InnerText;

    private int Count(string xpath) => _rstr.SelectNodes(xpath, _ns)!.Count;

    [Fact]
    public void Rstr_has_the_full_form_of_spec_1_3_in_order()
    {
        var root = _rstr.DocumentElement!;
        Assert.Equal("RequestSecurityTokenResponse", root.LocalName);
        Assert.Equal("http://schemas.xmlsoap.org/ws/2005/02/trust", root.NamespaceURI);
        Assert.Equal("t", root.Prefix);
        Assert.Equal(
            ["t:Lifetime", "wsp:AppliesTo", "t:RequestedSecurityToken", "t:TokenType", "t:RequestType", "t:KeyType"],
            root.ChildNodes.Cast<XmlNode>().Select(n => n.Name));
        Assert.Equal("2025-03-04T05:06:07.890Z", Value("/t:RequestSecurityTokenResponse/t:Lifetime/wsu:Created"));
        Assert.Equal("2025-03-04T06:06:07.890Z", Value("/t:RequestSecurityTokenResponse/t:Lifetime/wsu:Expires"));
        Assert.Equal(TestTokens.Audience, Value("/t:RequestSecurityTokenResponse/wsp:AppliesTo/wsa:EndpointReference/wsa:Address"));
        Assert.Equal(1, Count("/t:RequestSecurityTokenResponse/t:RequestedSecurityToken/saml:Assertion"));
        Assert.Single(_rstr.SelectSingleNode("//t:RequestedSecurityToken", _ns)!.ChildNodes);
        Assert.Equal("urn:oasis:names:tc:SAML:1.0:assertion", Value("/*/t:TokenType"));
        Assert.Equal("http://schemas.xmlsoap.org/ws/2005/02/trust/Issue", Value("/*/t:RequestType"));
        Assert.Equal("http://schemas.xmlsoap.org/ws/2005/05/identity/NoProofKey", Value("/*/t:KeyType"));
        Assert.DoesNotContain("<?xml", TestTokens.Rstr(TestTokens.SignedAssertion().DocumentElement!), StringComparison.Ordinal);
        Assert.Equal(0, Count("/*/ds:Signature")); // spec §1.3: no RSTR-level signature
    }

    [Fact]
    public void Assertion_root_attributes_match_spec_1_4()
    {
        const string a = "//t:RequestedSecurityToken/saml:Assertion";
        Assert.Equal("1", Value(a + "/@MajorVersion"));
        Assert.Equal("1", Value(a + "/@MinorVersion"));
        Assert.Equal(_model.AssertionId, Value(a + "/@AssertionID"));
        Assert.Matches("^_[0-9a-f]{32}$", Value(a + "/@AssertionID"));
        Assert.Equal(TestTokens.Issuer, Value(a + "/@Issuer"));
        Assert.Equal("2025-03-04T05:06:07.890Z", Value(a + "/@IssueInstant"));
        Assert.Equal("saml", _rstr.SelectSingleNode(a, _ns)!.Prefix);
        Assert.Equal(
            ["saml:Conditions", "saml:AttributeStatement", "saml:AuthenticationStatement", "Signature"],
            _rstr.SelectSingleNode(a, _ns)!.ChildNodes.Cast<XmlNode>().Select(n => n.Name));
    }

    [Fact]
    public void Conditions_carry_the_validity_window_and_the_Entra_audience()
    {
        const string c = "//saml:Assertion/saml:Conditions";
        Assert.Equal("2025-03-04T05:06:07.890Z", Value(c + "/@NotBefore"));
        Assert.Equal("2025-03-04T06:06:07.890Z", Value(c + "/@NotOnOrAfter"));
        Assert.Matches(FullDateTime, Value(c + "/@NotOnOrAfter"));
        Assert.Equal(1, Count(c + "/saml:AudienceRestrictionCondition/saml:Audience"));
        Assert.Equal("urn:federation:MicrosoftOnline", Value(c + "/saml:AudienceRestrictionCondition/saml:Audience"));
    }

    [Theory]
    [InlineData("//saml:Assertion/saml:AttributeStatement/saml:Subject")]
    [InlineData("//saml:Assertion/saml:AuthenticationStatement/saml:Subject")]
    public void Both_subjects_carry_the_ImmutableID_and_bearer_confirmation(string subject)
    {
        Assert.Equal(TestTokens.ImmutableId, Value(subject + "/saml:NameIdentifier"));
        Assert.Equal("urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified", Value(subject + "/saml:NameIdentifier/@Format"));
        Assert.Equal("urn:oasis:names:tc:SAML:1.0:cm:bearer", Value(subject + "/saml:SubjectConfirmation/saml:ConfirmationMethod"));
        Assert.Equal(2, _rstr.SelectSingleNode(subject, _ns)!.ChildNodes.Count);
    }

    [Theory]
    [InlineData("UPN", "http://schemas.xmlsoap.org/claims", TestTokens.Upn)]
    [InlineData("ImmutableID", "http://schemas.microsoft.com/LiveID/Federation/2008/05", TestTokens.ImmutableId)]
    [InlineData("authnmethodsreferences", "http://schemas.microsoft.com/claims", "http://schemas.microsoft.com/claims/multipleauthn")]
    [InlineData("insidecorporatenetwork", "http://schemas.microsoft.com/ws/2012/01", "false")]
    public void Attributes_use_name_and_namespace_split_with_http_uris(string name, string ns, string value)
    {
        var xpath = $"//saml:AttributeStatement/saml:Attribute[@AttributeName='{name}' and @AttributeNamespace='{ns}']";
        Assert.Equal(1, Count(xpath));
        Assert.Equal(1, Count(xpath + "/saml:AttributeValue"));
        Assert.Equal(value, Value(xpath + "/saml:AttributeValue"));
    }

    [Fact]
    public void Attribute_statement_has_subject_first_and_skips_attributes_without_values()
    {
        var statement = _rstr.SelectSingleNode("//saml:AttributeStatement", _ns)!;
        Assert.Equal("saml:Subject", statement.FirstChild!.Name);
        Assert.Equal(4, Count("//saml:AttributeStatement/saml:Attribute"));
        Assert.Equal(0, Count("//saml:Attribute[@AttributeName='empty']"));
        Assert.DoesNotContain("https://schemas", _rstr.OuterXml, StringComparison.Ordinal);
    }

    [Fact]
    public void Authentication_statement_has_method_and_instant()
    {
        Assert.Equal(Saml11Constants.AuthenticationMethodPasswordProtectedTransport,
            Value("//saml:AuthenticationStatement/@AuthenticationMethod"));
        Assert.Equal("2025-03-04T05:05:07.890Z", Value("//saml:AuthenticationStatement/@AuthenticationInstant"));
    }

    [Fact]
    public void Signature_is_enveloped_last_child_with_the_algorithms_of_spec_1_4()
    {
        const string s = "//saml:Assertion/ds:Signature";
        Assert.Equal(1, Count("//ds:Signature"));
        Assert.Equal("Signature", _rstr.SelectSingleNode("//saml:Assertion", _ns)!.LastChild!.LocalName);
        Assert.Equal("http://www.w3.org/2001/10/xml-exc-c14n#", Value(s + "/ds:SignedInfo/ds:CanonicalizationMethod/@Algorithm"));
        Assert.Equal("http://www.w3.org/2001/04/xmldsig-more#rsa-sha256", Value(s + "/ds:SignedInfo/ds:SignatureMethod/@Algorithm"));
        Assert.Equal(1, Count(s + "/ds:SignedInfo/ds:Reference"));
        Assert.Equal("#" + _model.AssertionId, Value(s + "/ds:SignedInfo/ds:Reference/@URI"));
        Assert.Equal(
            ["http://www.w3.org/2000/09/xmldsig#enveloped-signature", "http://www.w3.org/2001/10/xml-exc-c14n#"],
            _rstr.SelectNodes(s + "/ds:SignedInfo/ds:Reference/ds:Transforms/ds:Transform/@Algorithm", _ns)!
                .Cast<XmlNode>().Select(n => n.Value));
        Assert.Equal("http://www.w3.org/2001/04/xmlenc#sha256", Value(s + "/ds:SignedInfo/ds:Reference/ds:DigestMethod/@Algorithm"));
        Assert.Equal(
            Convert.ToBase64String(TestCertificates.Signing.RawData),
            Value(s + "/ds:KeyInfo/ds:X509Data/ds:X509Certificate"));
    }

    [Fact]
    public void Signature_still_verifies_after_the_rstr_string_is_parsed_again()
    {
        var assertion = (XmlElement)_rstr.SelectSingleNode("//saml:Assertion", _ns)!;
        Assert.Equal(new(true, null), TestTokens.Validate(assertion));
    }

    [Fact]
    public void Serialized_assertion_has_no_whitespace_nodes()
    {
        var document = Saml11AssertionSerializer.ToXmlDocument(_model);
        Assert.True(document.PreserveWhitespace);
        Assert.Empty(document.SelectNodes("//text()[normalize-space(.)='']")!.Cast<XmlNode>());
        Assert.DoesNotContain("\n", document.OuterXml, StringComparison.Ordinal);
    }
}
