using System.Net;
using System.Text.RegularExpressions;
using IdpFederation.Core.RelyingParties;
using IdpFederation.Tests.Mfa;
using IdpFederation.Tests.Server;

namespace IdpFederation.Tests.DevelopmentTools;

/// <summary>
/// A newcomer's quick start against the real server in Development: the sign-in URL for the test realm, the login page
/// (and MFA when asked for), the auto-post, and the test relying party page showing the token decoded and checked.
/// </summary>
[Trait("Kind", "Integration")]
public sealed partial class TestRelyingPartyEndToEndTests : IClassFixture<TestRelyingPartyServerFixture>
{
    private const string Realm = DevelopmentTestRelyingParty.Realm;
    private readonly TestRelyingPartyServerFixture _idp;

    public TestRelyingPartyEndToEndTests(TestRelyingPartyServerFixture idp) => _idp = idp;

    private string PagePath => _idp.BaseUrl + "/dev/test-rp/";

    /// <summary>Entra-free sign-in: the test realm's URL, the login form, and the auto-post page it ends on.</summary>
    private static async Task<Page> AutoPostAsync(BrowserClient browser, string upn, string wctx)
    {
        var login = await browser.GetAsync(WsFederationClient.SignInUrl(wctx, upn, realm: Realm));
        Assert.Contains(DevelopmentTestRelyingParty.DisplayName, login.Text(".subtitle"), StringComparison.Ordinal);
        return await WsFederationClient.LoginAsync(browser, login, upn, IdpServerFixture.Password);
    }

    /// <summary>What the browser's script does on the auto-post page: submit its form, here to the test relying party.</summary>
    private static Task<Page> PostToRelyingPartyAsync(BrowserClient browser, Page autoPost, string? wresult = null)
    {
        var fields = autoPost.Document.Forms.Single().Elements.OfType<AngleSharp.Html.Dom.IHtmlInputElement>().ToDictionary(i => i.Name!, i => i.Value);
        if (wresult is not null)
        {
            fields["wresult"] = wresult;
        }

        return browser.PostFormAsync(autoPost.Document.Forms.Single().Action, fields);
    }

    private static Dictionary<string, (string Result, string Detail)> Checks(Page page) =>
        page.Document.QuerySelectorAll("#checks tr[data-check]").ToDictionary(
            row => row.GetAttribute("data-check")!, row => (row.Children[1].TextContent.Trim(), row.Children[2].TextContent.Trim()));

    [Theory]
    [InlineData("alice@contoso.com", "URN:contoso.com")]
    [InlineData("bob@fabrikam.com", "http://fabrikam.com/adfs/services/trust/")]
    [InlineData("carol@eu.contoso.com", "URN:contoso.com")]
    public async Task A_sign_in_for_the_test_realm_ends_on_the_page_with_the_token_decoded_and_every_check_passed(string upn, string issuer)
    {
        var immutableId = (await _idp.Directory.Users.FindByUpnAsync(upn))!.ImmutableId;
        var wctx = "demo&state=<\"é'>" + Guid.NewGuid();
        using var browser = _idp.NewBrowser();

        var autoPost = await AutoPostAsync(browser, upn, wctx);
        Assert.Equal(PagePath, autoPost.Document.Forms.Single().Action);
        var page = await PostToRelyingPartyAsync(browser, autoPost);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("Token accepted", page.Text("#verdict"));
        Assert.Equal("signature valid", page.Text("#signature"));
        Assert.Contains("current signing certificate (thumbprint " + _idp.SigningCertificate.Thumbprint + ")", page.Text("#signature-detail"), StringComparison.Ordinal);
        Assert.All(Checks(page), c => Assert.Equal("pass", c.Value.Result));
        Assert.Equal(["signature", "action", "issuer", "audience", "validity", "subject"], Checks(page).Keys);
        Assert.Equal(issuer, page.Text("#issuer"));
        Assert.Equal(Realm, page.Text("#audience"));
        Assert.Equal(upn, page.Text("#upn"));
        Assert.Equal(immutableId, page.Text("#immutable-id"));
        Assert.Equal(immutableId, page.Text("#name-identifier"));
        Assert.Equal("no: password only", page.Text("#mfa"));
        Assert.Equal("urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport", page.Text("#authentication-method"));
        Assert.Equal(wctx, page.Text("#wctx"));
        var notBefore = DateTimeOffset.Parse(page.Text("#not-before")!, System.Globalization.CultureInfo.InvariantCulture);
        var notOnOrAfter = DateTimeOffset.Parse(page.Text("#not-on-or-after")!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(TimeSpan.FromMinutes(65), notOnOrAfter - notBefore);
        var claims = page.Document.QuerySelectorAll("#claims tr").Skip(1).Select(r => (r.Children[0].TextContent, r.Children[1].TextContent)).ToArray();
        Assert.Contains(("http://schemas.xmlsoap.org/claims/UPN", upn), claims);
        Assert.Contains(("http://schemas.microsoft.com/LiveID/Federation/2008/05/ImmutableID", immutableId), claims);
        Assert.Contains(("http://schemas.microsoft.com/ws/2012/01/insidecorporatenetwork", "false"), claims);
    }

    [Fact]
    public async Task The_page_itself_starts_a_sign_in_and_sign_out_comes_back_to_it()
    {
        using var browser = _idp.NewBrowser();
        var start = await browser.GetAsync("/dev/test-rp/");
        Assert.Equal(HttpStatusCode.OK, start.Status);
        Assert.NotNull(start.Document.QuerySelector("#intro"));
        Assert.Null(start.Document.QuerySelector("#verdict"));

        var login = await browser.GetAsync(start.Document.QuerySelector("#sign-in")!.GetAttribute("href")!);
        Assert.NotNull(login.Document.QuerySelector("input[name='Password']"));
        var autoPost = await WsFederationClient.LoginAsync(browser, login, "alice@contoso.com", IdpServerFixture.Password);
        var page = await PostToRelyingPartyAsync(browser, autoPost);
        Assert.Equal("signature valid", page.Text("#signature"));
        Assert.Equal("demo", page.Text("#wctx"));

        var signedOut = await browser.GetAsync(page.Document.QuerySelector("#sign-out")!.GetAttribute("href")!, followRedirects: false);
        Assert.Equal(HttpStatusCode.Redirect, signedOut.Status);
        Assert.Equal(PagePath, signedOut.Location!.OriginalString);
        var again = await browser.GetAsync(start.Document.QuerySelector("#sign-in")!.GetAttribute("href")!);
        Assert.NotNull(again.Document.QuerySelector("input[name='Password']"));
    }

    [Fact]
    public async Task A_tampered_token_is_shown_with_signature_invalid_and_rejected()
    {
        using var browser = _idp.NewBrowser();
        var autoPost = await AutoPostAsync(browser, "alice@contoso.com", "tamper");
        var forged = autoPost.Field("wresult")!.Replace(">alice@contoso.com<", ">mallory@contoso.com<", StringComparison.Ordinal);
        Assert.NotEqual(autoPost.Field("wresult"), forged);

        var page = await PostToRelyingPartyAsync(browser, autoPost, forged);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("signature INVALID", page.Text("#signature"));
        Assert.Equal("Token rejected", page.Text("#verdict"));
        Assert.Equal("The signature does not verify with any trusted certificate.", page.Text("#signature-detail"));
        Assert.Equal("FAIL", Checks(page)["signature"].Result);
        Assert.Equal("mallory@contoso.com", page.Text("#upn"));
        Assert.Contains("none of them can be trusted", page.Text(".warning"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "Not checked: No wresult was posted.")]
    [InlineData("<t:RequestSecurityTokenResponse", "Not checked: wresult was refused as XML: Malformed XML")]
    [InlineData("<!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><r>&x;</r>", "Not checked: wresult was refused as XML: DTDs are not allowed.")]
    [InlineData("<r xmlns=\"urn:not-a-token\"/>", "Not checked: wresult is not a WS-Trust 2005 RequestSecurityTokenResponse.")]
    public async Task Junk_posted_as_wresult_shows_signature_invalid_and_never_an_error_page(string wresult, string detail)
    {
        using var browser = _idp.NewBrowser();
        var page = await browser.PostFormAsync("/dev/test-rp/", new Dictionary<string, string> { ["wa"] = "wsignin1.0", ["wresult"] = wresult, ["wctx"] = "junk" });

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("signature INVALID", page.Text("#signature"));
        Assert.StartsWith(detail, page.Text("#signature-detail"), StringComparison.Ordinal);
        Assert.Equal("junk", page.Text("#wctx"));
        Assert.Null(page.Document.QuerySelector("#issuer"));
    }

    [Fact]
    public async Task A_field_posted_twice_or_an_oversized_post_is_refused_plainly()
    {
        using var browser = _idp.NewBrowser();
        var twice = await browser.PostFormAsync("/dev/test-rp/", [new("wa", "wsignin1.0"), new("wresult", "<a/>"), new("wresult", "<b/>")]);
        Assert.Equal(HttpStatusCode.OK, twice.Status);
        Assert.StartsWith("wresult was posted more than once", twice.Text("#problem"), StringComparison.Ordinal);

        // Over the server's request-body cap, which every page shares: refused before the page reads it.
        var huge = await browser.PostFormAsync("/dev/test-rp/", new Dictionary<string, string> { ["wresult"] = new string('a', 200_000) });
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.Status);
        Assert.Equal("IDPF1413", huge.Text("#error-code"));
    }

    [Fact]
    public async Task An_mfa_sign_in_shows_that_mfa_was_done()
    {
        var upn = "mfa-" + Guid.NewGuid().ToString("N")[..8] + "@contoso.com";
        await _idp.Directory.AddUserAsync(upn, IdpServerFixture.Password);
        using var browser = _idp.NewBrowser();

        var login = await browser.GetAsync(WsFederationClient.SignInUrl("mfa", upn, realm: Realm, wauth: MfaBrowserFlow.MultipleAuthN));
        var enroll = await WsFederationClient.LoginAsync(browser, login, upn, IdpServerFixture.Password);
        var (recovery, _) = await MfaBrowserFlow.EnrollAsync(browser, enroll);
        var autoPost = await MfaBrowserFlow.ContinueAsync(browser, recovery);
        var page = await PostToRelyingPartyAsync(browser, autoPost);

        Assert.Equal("Token accepted", page.Text("#verdict"));
        Assert.Equal("yes: authnmethodsreferences = multipleauthn", page.Text("#mfa"));
        Assert.Equal(MfaBrowserFlow.MultipleAuthN, page.Text("#authentication-method"));
    }

    [Fact]
    public async Task No_part_of_a_token_reaches_the_log_even_at_trace()
    {
        using var browser = _idp.NewBrowser();
        var autoPost = await AutoPostAsync(browser, "alice@contoso.com", "log-check");
        var wresult = autoPost.Field("wresult")!;
        var signatureValue = SignatureValue().Match(wresult).Groups[1].Value;
        var marker = "never-logged-" + Guid.NewGuid().ToString("N");
        var before = Regex.Count(_idp.Server.Output, "Development test relying party checked a posted token");

        await PostToRelyingPartyAsync(browser, autoPost);
        await PostToRelyingPartyAsync(browser, autoPost, wresult.Replace("log-check", marker, StringComparison.Ordinal) + marker);
        await WaitUntilAsync(() => Regex.Count(_idp.Server.Output, "Development test relying party checked a posted token") >= before + 2);

        Assert.Contains("Executing handler method", _idp.Server.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(signatureValue, _idp.Server.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(marker, _idp.Server.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("RequestSecurityTokenResponse", _idp.Server.Output, StringComparison.Ordinal);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "Condition not met within 10 s");
            await Task.Delay(50);
        }
    }

    [GeneratedRegex("<SignatureValue>([^<]+)</SignatureValue>")]
    private static partial Regex SignatureValue();
}
