using System.Net;
using System.Xml;
using IdpFederation.Protocols.Signing;
using IdpFederation.Tests.Protocols;

namespace IdpFederation.Tests.Server;

[Trait("Kind", "Integration")]
public sealed class WsFederationSignInTests : IClassFixture<IdpServerFixture>
{
    private readonly IdpServerFixture _idp;

    public WsFederationSignInTests(IdpServerFixture idp) => _idp = idp;

    private static string LongWctx()
    {
        // Entra's wctx: long, and full of characters that must survive URL and HTML encoding untouched.
        var blob = string.Concat(Enumerable.Repeat("aZ09-_~.%2B+/=&?é\"'<>", 80));
        return ("LoginOptions=3&estsredirect=2&estsrequest=" + blob)[..1500];
    }

    [Fact]
    public async Task Sign_in_from_Entra_redirect_to_token_posts_a_verifiable_token_and_returns_wctx_unchanged()
    {
        using var browser = _idp.NewBrowser();
        var wctx = LongWctx();
        var first = await browser.GetAsync(WsFederationClient.SignInUrl(wctx, "alice@contoso.com"), followRedirects: false);
        Assert.Equal(HttpStatusCode.Redirect, first.Status);
        Assert.StartsWith("/login?signin=", first.Location!.OriginalString);

        var login = await browser.GetAsync(first.Location.OriginalString);
        Assert.Equal(HttpStatusCode.OK, login.Status);
        Assert.Equal("alice@contoso.com", login.Document.QuerySelector("#username")!.GetAttribute("value"));
        Assert.Contains("Microsoft 365", login.Text(".subtitle"));
        Assert.False(string.IsNullOrEmpty(login.Field("__RequestVerificationToken")));

        var posted = await WsFederationClient.LoginAsync(browser, login, "alice@contoso.com", IdpServerFixture.Password);
        Assert.Equal(HttpStatusCode.OK, posted.Status);
        var form = posted.Document.Forms.Single();
        Assert.Equal("https://login.microsoftonline.com/login.srf", form.Action);
        Assert.Equal("post", form.Method.ToLowerInvariant());
        Assert.Equal("wsignin1.0", posted.Field("wa"));
        Assert.Equal(wctx, posted.Field("wctx"));
        Assert.NotNull(posted.Document.QuerySelector("noscript button[type=submit]"));

        var rstr = WsFederationClient.ParseWresult(posted);
        var assertion = AssertionOf(rstr);
        var valid = SignedXmlValidator.Validate(assertion, "AssertionID", [_idp.SigningCertificate]);
        Assert.True(valid.IsValid, valid.Error);
        var (exit, output) = Xmlsec1.VerifyAssertion(assertion.OuterXml, _idp.SigningCertificate);
        Assert.True(exit == 0, "xmlsec1 rejected the token: " + output);
    }

    [Fact]
    public async Task Issued_token_has_every_element_the_spec_requires()
    {
        using var browser = _idp.NewBrowser();
        var before = DateTime.UtcNow.AddSeconds(-2);
        var posted = await WsFederationClient.SignInAsync(browser, "alice@contoso.com", IdpServerFixture.Password);
        var rstr = WsFederationClient.ParseWresult(posted);
        var ns = WsFederationClient.Namespaces(rstr);

        Assert.Equal("RequestSecurityTokenResponse", rstr.DocumentElement!.LocalName);
        Assert.Equal("urn:federation:MicrosoftOnline", Text(rstr, "/t:RequestSecurityTokenResponse/wsp:AppliesTo/wsa:EndpointReference/wsa:Address", ns));
        Assert.Equal("urn:oasis:names:tc:SAML:1.0:assertion", Text(rstr, "/t:RequestSecurityTokenResponse/t:TokenType", ns));
        Assert.Equal("http://schemas.xmlsoap.org/ws/2005/02/trust/Issue", Text(rstr, "/t:RequestSecurityTokenResponse/t:RequestType", ns));
        Assert.Equal("http://schemas.xmlsoap.org/ws/2005/05/identity/NoProofKey", Text(rstr, "/t:RequestSecurityTokenResponse/t:KeyType", ns));
        Assert.NotNull(rstr.SelectSingleNode("/t:RequestSecurityTokenResponse/t:Lifetime/wsu:Created", ns));

        var a = (XmlElement)rstr.SelectSingleNode("//t:RequestedSecurityToken/saml:Assertion", ns)!;
        Assert.Equal("1", a.GetAttribute("MajorVersion"));
        Assert.Equal("1", a.GetAttribute("MinorVersion"));
        Assert.Equal("URN:contoso.com", a.GetAttribute("Issuer"));
        Assert.Matches("^[_A-Za-z][-._A-Za-z0-9]*$", a.GetAttribute("AssertionID"));
        Assert.EndsWith("Z", a.GetAttribute("IssueInstant"));

        var notBefore = DateTime.Parse(Text(a, "saml:Conditions/@NotBefore", ns), null, System.Globalization.DateTimeStyles.AdjustToUniversal);
        var notOnOrAfter = DateTime.Parse(Text(a, "saml:Conditions/@NotOnOrAfter", ns), null, System.Globalization.DateTimeStyles.AdjustToUniversal);
        Assert.InRange(notBefore, before.AddMinutes(-6), DateTime.UtcNow);
        Assert.InRange(notOnOrAfter - DateTime.UtcNow, TimeSpan.FromMinutes(58), TimeSpan.FromMinutes(61));
        Assert.Equal("urn:federation:MicrosoftOnline", Text(a, "saml:Conditions/saml:AudienceRestrictionCondition/saml:Audience", ns));

        foreach (var statement in new[] { "saml:AttributeStatement", "saml:AuthenticationStatement" })
        {
            Assert.Equal(IdpServerFixture.AliceImmutableId, Text(a, statement + "/saml:Subject/saml:NameIdentifier", ns));
            Assert.Equal("urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified", Text(a, statement + "/saml:Subject/saml:NameIdentifier/@Format", ns));
            Assert.Equal("urn:oasis:names:tc:SAML:1.0:cm:bearer", Text(a, statement + "/saml:Subject/saml:SubjectConfirmation/saml:ConfirmationMethod", ns));
        }

        Assert.Equal("alice@contoso.com", Text(a, "saml:AttributeStatement/saml:Attribute[@AttributeName='UPN' and @AttributeNamespace='http://schemas.xmlsoap.org/claims']/saml:AttributeValue", ns));
        Assert.Equal(IdpServerFixture.AliceImmutableId, Text(a, "saml:AttributeStatement/saml:Attribute[@AttributeName='ImmutableID' and @AttributeNamespace='http://schemas.microsoft.com/LiveID/Federation/2008/05']/saml:AttributeValue", ns));
        Assert.Null(a.SelectSingleNode("saml:AttributeStatement/saml:Attribute[@AttributeName='authnmethodsreferences']", ns));
        Assert.Equal("urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport", Text(a, "saml:AuthenticationStatement/@AuthenticationMethod", ns));
        Assert.EndsWith("Z", Text(a, "saml:AuthenticationStatement/@AuthenticationInstant", ns));

        var signature = a.LastChild as XmlElement;
        Assert.Equal("Signature", signature!.LocalName);
        Assert.Equal("#" + a.GetAttribute("AssertionID"), Text(signature, "ds:SignedInfo/ds:Reference/@URI", ns));
        Assert.Equal("http://www.w3.org/2001/10/xml-exc-c14n#", Text(signature, "ds:SignedInfo/ds:CanonicalizationMethod/@Algorithm", ns));
        Assert.Equal("http://www.w3.org/2001/04/xmldsig-more#rsa-sha256", Text(signature, "ds:SignedInfo/ds:SignatureMethod/@Algorithm", ns));
        Assert.Equal("http://www.w3.org/2001/04/xmlenc#sha256", Text(signature, "ds:SignedInfo/ds:Reference/ds:DigestMethod/@Algorithm", ns));
        var transforms = signature.SelectNodes("ds:SignedInfo/ds:Reference/ds:Transforms/ds:Transform/@Algorithm", ns)!.Cast<XmlNode>().Select(n => n.Value!).ToArray();
        Assert.Equal(["http://www.w3.org/2000/09/xmldsig#enveloped-signature", "http://www.w3.org/2001/10/xml-exc-c14n#"], transforms);
        Assert.Equal(Convert.ToBase64String(_idp.SigningCertificate.RawData), Text(signature, "ds:KeyInfo/ds:X509Data/ds:X509Certificate", ns));
    }

    [Theory]
    [InlineData("alice@contoso.com", "URN:contoso.com")]
    [InlineData("bob@fabrikam.com", "http://fabrikam.com/adfs/services/trust/")]
    [InlineData("carol@eu.contoso.com", "URN:contoso.com")]
    public async Task Each_domain_gets_its_own_issuer_and_subdomains_get_the_parents(string upn, string issuer)
    {
        using var browser = _idp.NewBrowser();
        var posted = await WsFederationClient.SignInAsync(browser, upn, IdpServerFixture.Password);
        var assertion = AssertionOf(WsFederationClient.ParseWresult(posted));
        Assert.Equal(issuer, assertion.GetAttribute("Issuer"));
    }

    [Fact]
    public async Task A_bare_username_gets_the_configured_suffix()
    {
        using var browser = _idp.NewBrowser();
        var login = await browser.GetAsync(WsFederationClient.SignInUrl());
        var posted = await WsFederationClient.LoginAsync(browser, login, "alice", IdpServerFixture.Password);
        var rstr = WsFederationClient.ParseWresult(posted);
        Assert.Contains("alice@contoso.com", rstr.OuterXml, StringComparison.Ordinal);
    }

    internal static XmlElement AssertionOf(XmlDocument rstr) =>
        (XmlElement)rstr.SelectSingleNode("//t:RequestedSecurityToken/saml:Assertion", WsFederationClient.Namespaces(rstr))!;

    private static string Text(XmlNode node, string xpath, XmlNamespaceManager ns)
    {
        var found = node.SelectSingleNode(xpath, ns) ?? throw new Xunit.Sdk.XunitException("Missing " + xpath + " in\n" + node.OuterXml);
        return found.NodeType == XmlNodeType.Attribute ? found.Value! : found.InnerText;
    }
}
