using System.Xml;

namespace IdpFederation.Tests.Protocols;

/// <summary>
/// Security checklist row 1: XML Signature Wrapping. Each test builds one SAML Raider style
/// permutation around a genuinely signed assertion inside an RSTR, then checks two things:
/// the forged assertion (the one a position-based reader would pick) is refused with the expected
/// reason, and no element carrying the attacker's NameIdentifier validates anywhere in the document.
/// </summary>
[Trait("Kind", "Unit")]
public class SignatureWrappingTests
{
    private const string AttackerId = "ATTACKER-IMMUTABLE-ID";

    private readonly XmlDocument _doc = TestTokens.Load(TestTokens.Rstr(TestTokens.SignedAssertion().DocumentElement!));
    private readonly XmlNamespaceManager _ns;
    private readonly XmlElement _original;
    private readonly XmlElement _token;

    public SignatureWrappingTests()
    {
        _ns = TestTokens.Namespaces(_doc);
        _original = (XmlElement)_doc.SelectSingleNode("//saml:Assertion", _ns)!;
        _token = (XmlElement)_doc.SelectSingleNode("//t:RequestedSecurityToken", _ns)!;
    }

    private XmlElement Signature(XmlElement assertion) => (XmlElement)assertion.SelectSingleNode("ds:Signature", _ns)!;

    /// <summary>A copy of the original with the attacker's identity and no signature.</summary>
    private XmlElement Evil(string? newId = null)
    {
        var evil = (XmlElement)_original.CloneNode(deep: true);
        evil.RemoveChild(Signature(evil));
        foreach (XmlNode nameId in evil.SelectNodes(".//saml:NameIdentifier | .//saml:Attribute[@AttributeName='ImmutableID']/saml:AttributeValue", _ns)!)
        {
            nameId.InnerText = AttackerId;
        }

        if (newId is not null)
        {
            evil.SetAttribute("AssertionID", newId);
        }

        return evil;
    }

    private XmlElement NewObject(XmlElement signature) =>
        (XmlElement)signature.AppendChild(_doc.CreateElement("Object", signature.NamespaceURI))!;

    private void AssertForgeryRejected(XmlElement forged, string expectedError)
    {
        var result = TestTokens.Validate(forged);
        Assert.False(result.IsValid);
        Assert.Contains(expectedError, result.Error, StringComparison.Ordinal);
        foreach (XmlElement assertion in _doc.SelectNodes("//saml:Assertion", _ns)!)
        {
            if (assertion.SelectSingleNode("saml:AttributeStatement/saml:Subject/saml:NameIdentifier", _ns)?.InnerText == AttackerId)
            {
                Assert.False(TestTokens.Validate(assertion).IsValid);
            }
        }
    }

    [Fact]
    public void Xsw1_evil_assertion_with_new_id_carrying_signature_whose_reference_targets_the_original()
    {
        var evil = Evil("_evil");
        evil.AppendChild(Signature(_original));
        _token.ReplaceChild(evil, _original);
        NewObject(Signature(evil)).AppendChild(_original);
        AssertForgeryRejected(evil, "Object");
    }

    [Fact]
    public void Xsw2_detached_signature_placed_beside_the_evil_assertion()
    {
        var evil = Evil();
        _token.ReplaceChild(evil, _original);
        _token.InsertBefore(Signature(_original), evil);
        AssertForgeryRejected(evil, "not signed");
    }

    [Fact]
    public void Xsw3_evil_assertion_with_same_id_inserted_before_the_signed_original()
    {
        var evil = Evil();
        _token.InsertBefore(evil, _original);
        AssertForgeryRejected(evil, "not signed");
        // The untouched original is refused as well: its ID is no longer unique.
        Assert.Contains("unique", TestTokens.Validate(_original).Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Xsw4_evil_assertion_wrapping_the_signed_original_as_a_child()
    {
        var evil = Evil();
        _token.ReplaceChild(evil, _original);
        evil.AppendChild(_original);
        AssertForgeryRejected(evil, "not signed");
    }

    [Fact]
    public void Xsw5_evil_assertion_with_copied_signature_and_unsigned_original_appended_after()
    {
        var evil = Evil();
        evil.AppendChild(Signature(_original).CloneNode(true));
        _original.RemoveChild(Signature(_original));
        _token.InsertBefore(evil, _original);
        AssertForgeryRejected(evil, "unique");
    }

    [Fact]
    public void Xsw6_evil_assertion_with_signature_holding_the_signed_original_in_an_object()
    {
        var evil = Evil();
        evil.AppendChild(Signature(_original).CloneNode(true));
        _token.ReplaceChild(evil, _original);
        NewObject(Signature(evil)).AppendChild(_original);
        AssertForgeryRejected(evil, "unique");
    }

    [Fact]
    public void Xsw7_signed_original_hidden_in_the_advice_of_an_evil_assertion()
    {
        // SAML 1.1 Core 2.3.2.2: saml:Advice may hold other assertions; the analogue of Raider's Extensions.
        var evil = Evil();
        var advice = _doc.CreateElement("saml", "Advice", _original.NamespaceURI);
        evil.InsertAfter(advice, evil.FirstChild);
        _token.ReplaceChild(evil, _original);
        advice.AppendChild(_original);
        evil.AppendChild(Signature(_original).CloneNode(true));
        AssertForgeryRejected(evil, "unique");
    }

    [Fact]
    public void Xsw8_evil_assertion_with_signature_holding_the_unsigned_original_in_an_object()
    {
        var evil = Evil();
        var signature = Signature(_original);
        evil.AppendChild(signature);
        _token.ReplaceChild(evil, _original);
        NewObject(signature).AppendChild(_original);
        AssertForgeryRejected(evil, "unique");
    }

    [Fact]
    public void Cloned_element_with_the_same_id_elsewhere_in_the_document()
    {
        var clone = Evil();
        _doc.DocumentElement!.AppendChild(clone);
        AssertForgeryRejected(clone, "not signed");
        Assert.Contains("unique", TestTokens.Validate(_original).Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Same_id_value_under_a_different_id_attribute_name()
    {
        var decoy = _doc.CreateElement("decoy");
        decoy.SetAttribute("ID", _original.GetAttribute("AssertionID"));
        _doc.DocumentElement!.AppendChild(decoy);
        Assert.Contains("unique", TestTokens.Validate(_original).Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Signed_element_moved_and_its_signature_left_in_a_descendant()
    {
        var evil = Evil();
        _token.ReplaceChild(evil, _original);
        var wrapper = (XmlElement)evil.SelectSingleNode("saml:AttributeStatement", _ns)!;
        wrapper.AppendChild(Signature(_original));
        _doc.DocumentElement!.AppendChild(_original);
        AssertForgeryRejected(evil, "not signed");
    }

    [Fact]
    public void Untouched_token_still_validates_so_the_rejections_above_are_meaningful()
    {
        Assert.True(TestTokens.Validate(_original).IsValid);
    }
}
