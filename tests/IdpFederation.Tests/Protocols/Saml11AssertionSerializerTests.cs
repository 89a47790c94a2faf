using System.Xml;
using IdpFederation.Protocols.Saml11;

namespace IdpFederation.Tests.Protocols;

/// <summary>The serializer refuses models that would produce a token Entra rejects or that would not read back as written.</summary>
[Trait("Kind", "Unit")]
public class Saml11AssertionSerializerTests
{
    [Fact]
    public void Refuses_local_time()
    {
        var model = TestTokens.Model() with { IssueInstant = DateTime.Now };
        Assert.Contains("UTC", Assert.Throws<ArgumentException>(() => Saml11AssertionSerializer.ToXmlDocument(model)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_an_assertion_id_that_is_not_an_ncname()
    {
        Assert.Throws<ArgumentException>(() => Saml11AssertionSerializer.ToXmlDocument(TestTokens.Model("1abc")));
    }

    [Theory]
    [InlineData("alice\r\n@contoso.com")]
    [InlineData("alice\t")]
    [InlineData("\u0001")]
    public void Refuses_control_characters_that_would_not_round_trip(string value)
    {
        var model = TestTokens.Model() with { NameIdentifier = value };
        Assert.Throws<ArgumentException>(() => Saml11AssertionSerializer.ToXmlDocument(model));
    }

    [Fact]
    public void Refuses_empty_audiences_inverted_window_and_no_attribute_values()
    {
        Assert.Throws<ArgumentException>(() => Saml11AssertionSerializer.ToXmlDocument(TestTokens.Model() with { Audiences = [] }));
        Assert.Throws<ArgumentException>(() => Saml11AssertionSerializer.ToXmlDocument(
            TestTokens.Model() with { NotOnOrAfter = TestTokens.Now }));
        Assert.Throws<ArgumentException>(() => Saml11AssertionSerializer.ToXmlDocument(
            TestTokens.Model() with { Attributes = [new("a", "http://x", Array.Empty<string>())] }));
    }

    [Fact]
    public void Xml_special_characters_and_unicode_round_trip_through_signature_and_rstr()
    {
        const string upn = "o'brien&<sons>\"@contoso.com ünï 𝄞";
        var model = TestTokens.Model() with
        {
            Attributes = [new("UPN", "http://schemas.xmlsoap.org/claims", upn), new("ImmutableID", "http://schemas.microsoft.com/LiveID/Federation/2008/05", "x")],
        };
        var document = TestTokens.Load(TestTokens.Rstr(TestTokens.SignedAssertion(model).DocumentElement!));
        var ns = TestTokens.Namespaces(document);
        Assert.Equal(upn, document.SelectSingleNode("//saml:Attribute[@AttributeName='UPN']/saml:AttributeValue", ns)!.InnerText);
        Assert.True(TestTokens.Validate((XmlElement)document.SelectSingleNode("//saml:Assertion", ns)!).IsValid);
    }

    [Fact]
    public void Ids_are_distinct_ncnames_with_128_bits()
    {
        var ids = Enumerable.Range(0, 1000).Select(_ => XmlIds.NewId()).ToHashSet();
        Assert.Equal(1000, ids.Count);
        Assert.All(ids, id =>
        {
            Assert.Matches("^_[0-9a-f]{32}$", id);
            XmlConvert.VerifyNCName(id);
        });
    }
}
