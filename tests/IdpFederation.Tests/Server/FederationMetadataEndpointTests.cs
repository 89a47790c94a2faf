using System.Net;
using System.Xml;
using IdpFederation.Protocols.Signing;
using IdpFederation.Protocols.Xml;
using IdpFederation.Tests.Protocols;

namespace IdpFederation.Tests.Server;

[Trait("Kind", "Integration")]
public sealed class FederationMetadataEndpointTests : IClassFixture<IdpServerFixture>
{
    private readonly IdpServerFixture _idp;

    public FederationMetadataEndpointTests(IdpServerFixture idp) => _idp = idp;

    [Theory]
    [InlineData("/FederationMetadata/2007-06/FederationMetadata.xml")]
    [InlineData("/federationmetadata/2007-06/federationmetadata.xml")]
    public async Task Metadata_is_signed_and_lists_the_passive_endpoint_and_certificate(string path)
    {
        using var client = new HttpClient { BaseAddress = new Uri(_idp.BaseUrl) };
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Host = "attacker.example";
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var xml = await response.Content.ReadAsStringAsync();
        var document = SafeXml.LoadDocument(xml, 1_000_000);
        var ns = WsFederationClient.Namespaces(document);
        var root = document.DocumentElement!;

        Assert.Equal("Signature", root.FirstChild!.LocalName);
        var valid = SignedXmlValidator.Validate(root, "ID", [_idp.SigningCertificate]);
        Assert.True(valid.IsValid, valid.Error);
        var (exit, output) = Xmlsec1.VerifyMetadata(xml, _idp.SigningCertificate);
        Assert.True(exit == 0, "xmlsec1 rejected the metadata: " + output);

        Assert.DoesNotContain("attacker.example", xml, StringComparison.Ordinal);
        Assert.Equal(_idp.BaseUrl + "/adfs/services/trust", root.GetAttribute("entityID"));
        var role = (XmlElement)root.SelectSingleNode("md:RoleDescriptor", ns)!;
        Assert.EndsWith(":SecurityTokenServiceType", role.GetAttribute("type", "http://www.w3.org/2001/XMLSchema-instance"));
        Assert.Equal(_idp.BaseUrl + "/adfs/ls/", role.SelectSingleNode("fed:PassiveRequestorEndpoint/wsa:EndpointReference/wsa:Address", ns)!.InnerText);
        var certificate = role.SelectSingleNode("md:KeyDescriptor[@use='signing']/ds:KeyInfo/ds:X509Data/ds:X509Certificate", ns)!.InnerText;
        Assert.Equal(Convert.ToBase64String(_idp.SigningCertificate.RawData), certificate);
        Assert.NotNull(role.SelectSingleNode("fed:TokenTypesOffered/fed:TokenType[@Uri='urn:oasis:names:tc:SAML:1.0:assertion']", ns));
    }

    [Fact]
    public async Task Health_endpoints_report_live_and_ready()
    {
        using var client = new HttpClient { BaseAddress = new Uri(_idp.BaseUrl) };
        foreach (var path in new[] { "/health", "/health/live", "/health/ready" })
        {
            using var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("\"status\":\"Healthy\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Unknown_paths_get_the_branded_not_found_page()
    {
        using var browser = _idp.NewBrowser();
        var page = await browser.GetAsync("/nope");
        Assert.Equal(HttpStatusCode.NotFound, page.Status);
        Assert.Equal("IDPF1404", page.Text("#error-code"));
    }
}
