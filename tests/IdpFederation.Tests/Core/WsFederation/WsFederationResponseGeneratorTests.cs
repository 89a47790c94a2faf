using System.Xml;
using IdpFederation.Core.Tokens;
using IdpFederation.Core.WsFederation;
using IdpFederation.Protocols.Signing;

namespace IdpFederation.Tests.CoreLayer;

[Trait("Kind", "Unit")]
public sealed class WsFederationResponseGeneratorTests : IDisposable
{
    private const string Saml = "urn:oasis:names:tc:SAML:1.0:assertion";
    private const string Trust = "http://schemas.xmlsoap.org/ws/2005/02/trust";

    private readonly CoreTestFactory _factory = new();
    private readonly TestSigningKeyStore _keys = new();

    public void Dispose() => _keys.Dispose();

    private WsFederationResponseGenerator Generator() => new(_factory.CreateSaml11AssertionFactory(), _keys);

    private IssuedClaims Claims(string upn = "alice@corp.contoso.com")
    {
        var user = _factory.Directory.Add(upn, immutableId: "qH8vLq6hW0aS3Qh2o3m4Ag==");
        return _factory.CreateClaimsFactory().Create(user, _factory.Session(upn), multiFactorAuthenticated: false)!;
    }

    private static (XmlDocument Document, XmlNamespaceManager Ns) Parse(string wresult)
    {
        var document = new XmlDocument { PreserveWhitespace = true, XmlResolver = null };
        document.LoadXml(wresult);
        var ns = new XmlNamespaceManager(document.NameTable);
        ns.AddNamespace("t", Trust);
        ns.AddNamespace("saml", Saml);
        ns.AddNamespace("ds", "http://www.w3.org/2000/09/xmldsig#");
        ns.AddNamespace("wsp", "http://schemas.xmlsoap.org/ws/2004/09/policy");
        ns.AddNamespace("wsa", "http://www.w3.org/2005/08/addressing");
        return (document, ns);
    }

    [Fact]
    public void The_response_goes_to_the_validated_reply_url_with_wctx_unchanged()
    {
        var request = _factory.SignInRequest() with { Context = "LoginOptions=3&estsredirect=2&estsrequest=<&\"'>" };

        var response = Generator().Generate(request, Claims());

        Assert.Equal("https://login.microsoftonline.com/login.srf", response.ReplyUrl);
        Assert.Equal("LoginOptions=3&estsredirect=2&estsrequest=<&\"'>", response.Context);
    }

    [Fact]
    public void The_wresult_is_a_ws_trust_2005_rstr_around_a_signed_saml_11_assertion_for_the_realm()
    {
        var response = Generator().Generate(_factory.SignInRequest(), Claims());
        var (document, ns) = Parse(response.Result);

        var root = document.DocumentElement!;
        Assert.Equal(("RequestSecurityTokenResponse", Trust), (root.LocalName, root.NamespaceURI));
        Assert.Equal("urn:federation:MicrosoftOnline", root.SelectSingleNode("wsp:AppliesTo/wsa:EndpointReference/wsa:Address", ns)?.InnerText);
        var assertion = (XmlElement)root.SelectSingleNode("t:RequestedSecurityToken/saml:Assertion", ns)!;
        Assert.NotNull(assertion);
        Assert.Equal(CoreTestFactory.ContosoIssuer, assertion.GetAttribute("Issuer"));
        Assert.Equal("urn:federation:MicrosoftOnline", assertion.SelectSingleNode("saml:Conditions/saml:AudienceRestrictionCondition/saml:Audience", ns)?.InnerText);
        Assert.Equal("Signature", assertion.LastChild?.LocalName);
        Assert.Equal("#" + assertion.GetAttribute("AssertionID"), assertion.SelectSingleNode("ds:Signature/ds:SignedInfo/ds:Reference/@URI", ns)?.Value);
    }

    [Fact]
    public void The_assertion_signature_verifies_with_the_published_certificate_after_a_round_trip()
    {
        var response = Generator().Generate(_factory.SignInRequest(), Claims());
        var (document, ns) = Parse(response.Result);
        var assertion = (XmlElement)document.SelectSingleNode("//saml:Assertion", ns)!;

        var result = SignedXmlValidator.Validate(assertion, "AssertionID", _keys.PublishedCertificates);

        Assert.True(result.IsValid, result.Error);
    }

    [Fact]
    public void Tampering_with_the_immutable_id_breaks_the_signature()
    {
        var response = Generator().Generate(_factory.SignInRequest(), Claims());
        var (document, ns) = Parse(response.Result.Replace("qH8vLq6hW0aS3Qh2o3m4Ag==", "AAAAAAAAAAAAAAAAAAAAAA==", StringComparison.Ordinal));
        var assertion = (XmlElement)document.SelectSingleNode("//saml:Assertion", ns)!;

        Assert.False(SignedXmlValidator.Validate(assertion, "AssertionID", _keys.PublishedCertificates).IsValid);
    }

    [Fact]
    public void The_rstr_lifetime_matches_the_assertion_validity()
    {
        var response = Generator().Generate(_factory.SignInRequest(), Claims());
        var (document, ns) = Parse(response.Result);

        var created = document.SelectSingleNode("//t:Lifetime/*[local-name()='Created']", ns)?.InnerText;
        var expires = document.SelectSingleNode("//t:Lifetime/*[local-name()='Expires']", ns)?.InnerText;
        var notOnOrAfter = document.SelectSingleNode("//saml:Conditions/@NotOnOrAfter", ns)?.Value;
        var issueInstant = document.SelectSingleNode("//saml:Assertion/@IssueInstant", ns)?.Value;

        Assert.Equal(issueInstant, created);
        Assert.Equal(notOnOrAfter, expires);
        Assert.Equal(ManualTimeProvider.DefaultStart.UtcDateTime.AddHours(1), DateTime.Parse(expires!, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal));
    }

    [Fact]
    public void Null_request_is_refused() => Assert.Throws<ArgumentNullException>(() => Generator().Generate(null!, Claims()));
}
