using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using System.Xml;
using IdpFederation.Cli;
using IdpFederation.Core.Tokens.Rollover;
using IdpFederation.Protocols.Signing;
using IdpFederation.Protocols.Xml;
using IdpFederation.Tests.Server;

namespace IdpFederation.Tests.Federation.Rollover;

/// <summary>
/// Rollover end to end on two real server instances sharing one database, with a fake Entra behind
/// IEntraFederationCertificates: idpfed cert new, metadata, the worker's push, the wait for every domain, the promotion,
/// and tokens before and after it checked against the certificates Entra holds at that moment.
/// </summary>
[Trait("Kind", "Integration")]
public sealed class RolloverServerTests : IAsyncLifetime
{
    private const string Password = "Correct horse battery 1!";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly FakeEntraFederationCertificates _entra = new("contoso.com", "fabrikam.com");
    private readonly TestIdpEnvironment _environment = new(config => config["Idp"]!["Signing"] = new JsonObject
    {
        // A short refresh so instances switch quickly; the worker's own loop waits a day, so the test drives its passes.
        ["Rollover"] = new JsonObject { ["RefreshInterval"] = "00:00:01", ["CheckInterval"] = "1.00:00:00" },
    });

    private TestDirectory _directory = null!;
    private InProcessIdpServer _a = null!;
    private InProcessIdpServer _b = null!;

    public async Task InitializeAsync()
    {
        _directory = await TestDirectory.OpenAsync(_environment);
        await _directory.AddUserAsync("alice@contoso.com", Password);
        _a = await InProcessIdpServer.StartAsync(_environment, _entra);
        _b = await InProcessIdpServer.StartAsync(_environment, _entra, $"http://127.0.0.1:{TestIdpEnvironment.FreePort()}");
        // As federation apply leaves it: every domain holds the certificate that signs today.
        foreach (var domain in new[] { "contoso.com", "fabrikam.com" })
        {
            _entra.Hold(domain, _a.Keys.Keys.Current, null);
        }
    }

    public async Task DisposeAsync()
    {
        await _b.DisposeAsync();
        await _a.DisposeAsync();
        await _directory.DisposeAsync();
        _environment.Dispose();
    }

    [Fact]
    public async Task Next_certificate_is_published_pushed_and_signs_on_every_instance_only_once_every_domain_holds_it()
    {
        var old = _a.Keys.Keys.Current;
        var before = await SignInAsync(_a.BaseUrl);
        AssertSignedBy(before, old);
        AssertAcceptedByEntra(before);

        // cert new: the next certificate appears in both instances' metadata without a restart.
        var next = await CertNewAsync();
        await EventuallyAsync(async () => (await MetadataCertificatesAsync(_a.BaseUrl)).Contains(next)
            && (await MetadataCertificatesAsync(_b.BaseUrl)).Contains(next));

        // One domain refuses the push: the worker pushes, reads back, and does not promote.
        _entra.Refusing.Add("fabrikam.com");
        var waiting = await _a.Worker.RunOnceAsync(CancellationToken.None);
        Assert.Equal(PromotionReason.WaitingForDomains, waiting!.Reason);
        Assert.Equal(["fabrikam.com"], waiting.DomainsMissingIt);
        Assert.Contains((old.Thumbprint, next), _entra.Pushes);
        var stillOld = await SignInAsync(_b.BaseUrl);
        AssertSignedBy(stillOld, old);
        AssertAcceptedByEntra(stillOld);

        // Every domain takes it: promotion, then Entra gets signing = new, next = old.
        _entra.Refusing.Clear();
        var promoted = await _a.Worker.RunOnceAsync(CancellationToken.None);
        Assert.True(promoted!.Promote);
        Assert.Equal(PromotionReason.EveryDomainHoldsIt, promoted.Reason);
        Assert.Equal((next, old.Thumbprint), _entra.Pushes[^1]);

        // Both instances sign with the new certificate within the refresh interval of the one database update.
        await EventuallyAsync(() => Task.FromResult(_a.Keys.Keys.Current.Thumbprint == next && _b.Keys.Keys.Current.Thumbprint == next));
        foreach (var instance in new[] { _a.BaseUrl, _b.BaseUrl })
        {
            var after = await SignInAsync(instance);
            AssertSignedBy(after, next);
            AssertAcceptedByEntra(after);
            Assert.Equal(next, (await MetadataCertificatesAsync(instance))[0]);
        }

        // The token signed before the switch is still accepted by what Entra now holds (the old one as next).
        AssertAcceptedByEntra(before);
    }

    private async Task<string> CertNewAsync()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await IdpFedCli.RunAsync(["--config-dir", _environment.ConfigDirectory, "cert", "new", "--key-size", "2048"], new StringReader(""), output, error);
        Assert.True(exit == 0, error.ToString());
        var line = output.ToString();
        return line.Split(' ')[3];
    }

    private static async Task<XmlElement> SignInAsync(string instance)
    {
        using var browser = new BrowserClient(instance);
        var page = await WsFederationClient.SignInAsync(browser, "alice@contoso.com", Password);
        var rstr = WsFederationClient.ParseWresult(page);
        return (XmlElement)rstr.SelectSingleNode("//saml:Assertion", WsFederationClient.Namespaces(rstr))!;
    }

    private static void AssertSignedBy(XmlElement assertion, X509Certificate2 certificate) => AssertSignedBy(assertion, certificate.Thumbprint);

    private static void AssertSignedBy(XmlElement assertion, string thumbprint)
    {
        var ns = WsFederationClient.Namespaces(assertion.OwnerDocument);
        var embedded = assertion.SelectSingleNode("ds:Signature/ds:KeyInfo/ds:X509Data/ds:X509Certificate", ns)!.InnerText;
        using var certificate = X509CertificateLoader.LoadCertificate(Convert.FromBase64String(embedded));
        Assert.Equal(thumbprint, certificate.Thumbprint);
    }

    /// <summary>Verified with the keys every federated domain holds now, never with the key the token carries.</summary>
    private void AssertAcceptedByEntra(XmlElement assertion)
    {
        foreach (var domain in new[] { "contoso.com", "fabrikam.com" })
        {
            var result = SignedXmlValidator.Validate(assertion, "AssertionID", _entra.HeldBy(domain).ToList());
            Assert.True(result.IsValid, $"{domain}: {result.Error}");
        }
    }

    private static async Task<List<string>> MetadataCertificatesAsync(string instance)
    {
        using var client = new HttpClient();
        var xml = await client.GetStringAsync(instance + "/FederationMetadata/2007-06/FederationMetadata.xml");
        var document = SafeXml.LoadDocument(xml, 1_000_000);
        var ns = new XmlNamespaceManager(document.NameTable);
        ns.AddNamespace("md", "urn:oasis:names:tc:SAML:2.0:metadata");
        ns.AddNamespace("ds", "http://www.w3.org/2000/09/xmldsig#");
        return document.SelectNodes("//md:RoleDescriptor/md:KeyDescriptor[@use='signing']/ds:KeyInfo/ds:X509Data/ds:X509Certificate", ns)!.Cast<XmlNode>()
            .Select(n => X509CertificateLoader.LoadCertificate(Convert.FromBase64String(n.InnerText)).Thumbprint).ToList();
    }

    private async Task EventuallyAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Not reached within {Patience.TotalSeconds} s; last refresh errors: " +
                $"A {_a.Keys.LastRefreshError ?? "none"} at {_a.Keys.LastRefreshed}, B {_b.Keys.LastRefreshError ?? "none"} at {_b.Keys.LastRefreshed}.");
            await Task.Delay(100);
        }
    }
}
