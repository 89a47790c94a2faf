using IdpFederation.Protocols.Saml11;
using IdpFederation.Protocols.Signing;

namespace IdpFederation.Tests.Protocols;

/// <summary>The canonical signer refuses input it could only sign into a token no verifier accepts.</summary>
[Trait("Kind", "Unit")]
public class CanonicalXmlSignerTests
{
    private static readonly string Canonical = Saml11CanonicalWriter.ToCanonicalString(TestTokens.Model("_abc"));

    [Fact]
    public void Refuses_an_id_that_is_not_an_ncname()
    {
        Assert.Throws<ArgumentException>(() => CanonicalTokens.Signer.SignEnveloped(Canonical, "#_abc"));
    }

    [Fact]
    public void Refuses_an_id_that_is_not_an_attribute_value_of_the_element()
    {
        Assert.Throws<ArgumentException>(() => CanonicalTokens.Signer.SignEnveloped(Canonical, "_abd"));
        // Present in the content, but not on the element's start tag.
        var inContent = Saml11CanonicalWriter.ToCanonicalString(TestTokens.Model("_abc") with { Audiences = ["=\"_other\""] });
        Assert.Throws<ArgumentException>(() => CanonicalTokens.Signer.SignEnveloped(inContent, "_other"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("text")]
    [InlineData("<a AssertionID=\"_abc\">")]
    [InlineData("<a AssertionID=\"_abc\"></b>")]
    [InlineData("<a AssertionID=\"_abc\"></a>tail")]
    [InlineData("<a AssertionID=\"_abc>\"")]
    public void Refuses_text_that_is_not_one_element(string text)
    {
        Assert.Throws<ArgumentException>(() => CanonicalTokens.Signer.SignEnveloped(text, "_abc"));
    }

    [Fact]
    public void Signs_a_minimal_element_with_the_signature_as_last_child()
    {
        var signed = CanonicalTokens.Signer.SignEnveloped("<a AssertionID=\"_abc\"></a>", "_abc");
        Assert.StartsWith("<a AssertionID=\"_abc\"><Signature xmlns=\"http://www.w3.org/2000/09/xmldsig#\"><SignedInfo>", signed, StringComparison.Ordinal);
        Assert.EndsWith("</KeyInfo></Signature></a>", signed, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_a_certificate_without_a_private_key()
    {
        Assert.Throws<ArgumentException>(() => new CanonicalXmlSigner(TestCertificates.PublicOnly(TestCertificates.Signing)));
    }
}
