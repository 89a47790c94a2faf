using IdpFederation.Protocols.Saml11;

namespace IdpFederation.Tests.Protocols;

/// <summary>The canonical writer refuses exactly what the DOM serializer refuses, and more only where XML itself would.</summary>
[Trait("Kind", "Unit")]
public class Saml11CanonicalWriterRulesTests
{
    public static TheoryData<string> InvalidModels => new(InvalidModelsByName.Keys);

    private static readonly Dictionary<string, Saml11Assertion> InvalidModelsByName = new()
    {
        ["local time"] = TestTokens.Model() with { IssueInstant = DateTime.Now },
        ["id not an NCName"] = TestTokens.Model("1abc"),
        ["CR LF in a value"] = TestTokens.Model() with { NameIdentifier = "alice\r\n@contoso.com" },
        ["TAB in an attribute"] = TestTokens.Model() with { Issuer = "http://contoso.com/\t" },
        ["C0 control"] = TestTokens.Model() with { Audiences = ["\u0001"] },
        ["C1 control"] = TestTokens.Model() with { AuthenticationMethod = "\u0085" },
        ["no audience"] = TestTokens.Model() with { Audiences = [] },
        ["inverted window"] = TestTokens.Model() with { NotOnOrAfter = TestTokens.Now },
        ["no attribute value"] = TestTokens.Model() with { Attributes = [new("a", "http://x", Array.Empty<string>())] },
    };

    [Theory]
    [MemberData(nameof(InvalidModels))]
    public void Canonical_writer_and_dom_serializer_both_refuse(string name)
    {
        var model = InvalidModelsByName[name];
        Assert.Throws<ArgumentException>(() => Saml11AssertionSerializer.ToXmlDocument(model));
        Assert.Throws<ArgumentException>(() => Saml11CanonicalWriter.ToCanonicalString(model));
        Assert.Throws<ArgumentException>(() => SignedSaml11Assertion.Create(model, CanonicalTokens.Signer));
    }

    // Code points as hex: C# stores attribute strings as UTF-8, which would turn a lone surrogate into U+FFFD.
    [Theory]
    [InlineData("D834")]            // high surrogate alone
    [InlineData("78 DD1E 79")]      // low surrogate alone
    [InlineData("DD1E D834")]       // a pair in the wrong order
    [InlineData("FFFE")]
    [InlineData("FFFF")]
    public void Canonical_writer_refuses_characters_xml_does_not_allow(string codeUnits)
    {
        var value = new string(codeUnits.Split(' ').Select(u => (char)Convert.ToUInt16(u, 16)).ToArray());
        // The DOM path accepts these until the RSTR writer's character check; UTF-8 cannot carry a
        // lone surrogate, so signing it would digest a replacement character instead.
        Assert.Throws<ArgumentException>(() => Saml11CanonicalWriter.ToCanonicalString(TestTokens.Model() with { NameIdentifier = value }));
        Assert.Throws<ArgumentException>(() => Saml11CanonicalWriter.ToCanonicalString(TestTokens.Model() with { Issuer = value }));
    }

    [Fact]
    public void Null_model_is_refused()
    {
        Assert.Throws<ArgumentNullException>(() => Saml11CanonicalWriter.ToCanonicalString(null!));
        Assert.Throws<ArgumentNullException>(() => SignedSaml11Assertion.Create(null!, CanonicalTokens.Signer));
    }
}
