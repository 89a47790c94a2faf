using System.Net;
using IdpFederation.Core.Auditing;
using IdpFederation.Tests.Policies;

namespace IdpFederation.Tests.Server;

[Trait("Kind", "Integration")]
public sealed class WsFederationSessionAndRefusalTests : IClassFixture<IdpServerFixture>
{
    private readonly IdpServerFixture _idp;

    public WsFederationSessionAndRefusalTests(IdpServerFixture idp) => _idp = idp;

    [Fact]
    public async Task A_live_session_gets_a_token_without_a_prompt_and_wfresh_0_prompts_again()
    {
        using var browser = _idp.NewBrowser();
        await WsFederationClient.SignInAsync(browser, "alice@contoso.com", IdpServerFixture.Password);

        var sso = await browser.GetAsync(WsFederationClient.SignInUrl("second"), followRedirects: false);
        Assert.Equal(HttpStatusCode.OK, sso.Status);
        Assert.Equal("second", sso.Field("wctx"));
        Assert.NotNull(WsFederationClient.ParseWresult(sso));

        var fresh = await browser.GetAsync(WsFederationClient.SignInUrl("third", wfresh: "0"), followRedirects: false);
        Assert.Equal(HttpStatusCode.Redirect, fresh.Status);
        Assert.StartsWith("/login?signin=", fresh.Location!.OriginalString);

        var login = await browser.GetAsync(fresh.Location.OriginalString);
        var posted = await WsFederationClient.LoginAsync(browser, login, "alice@contoso.com", IdpServerFixture.Password);
        Assert.Equal("third", posted.Field("wctx"));
        Assert.NotNull(WsFederationClient.ParseWresult(posted));
    }

    [Fact]
    public async Task Session_cookie_is_opaque_httponly_and_samesite_lax()
    {
        using var browser = _idp.NewBrowser();
        var login = await browser.GetAsync(WsFederationClient.SignInUrl());
        using var client = new HttpClient(new HttpClientHandler { CookieContainer = browser.Cookies, AllowAutoRedirect = false }) { BaseAddress = new Uri(_idp.BaseUrl) };
        var form = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = login.Field("__RequestVerificationToken")!,
            ["Username"] = "alice@contoso.com",
            ["Password"] = IdpServerFixture.Password,
        };
        using var response = await client.PostAsync(login.Url, new FormUrlEncodedContent(form));
        var setCookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("idpfed.session=", StringComparison.Ordinal));
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Matches("^idpfed.session=[A-Za-z0-9_-]{43};", setCookie);
        Assert.DoesNotContain("alice", setCookie, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("alice@contoso.com", "wrong password")]
    [InlineData("nobody@contoso.com", IdpServerFixture.Password)]
    public async Task Wrong_password_and_unknown_user_get_the_same_generic_message(string username, string password)
    {
        using var browser = _idp.NewBrowser();
        var login = await browser.GetAsync(WsFederationClient.SignInUrl());
        var page = await WsFederationClient.LoginAsync(browser, login, username, password);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("Incorrect username or password.", page.Text("#login-error"));
        Assert.Null(page.Field("wresult"));

        // The server commits audit events in the background: wait for this one, then read what else was written.
        await ServerAudit.WaitForAsync(_idp.Directory.Audit, username, e => e.Reason == "invalid credentials");
        var audit = await _idp.Directory.Audit.QueryAsync(new AuditQuery { Username = username, Limit = 5 });
        var entry = Assert.Single(audit, e => e.Outcome == AuditOutcomes.Failure && e.Reason == "invalid credentials");
        Assert.Equal(username, entry.Username);
        Assert.Equal("urn:federation:MicrosoftOnline", entry.RelyingParty);
        Assert.Equal("127.0.0.1", entry.ClientIp);
        Assert.DoesNotContain(password, string.Join("|", audit.Select(e => e.ToString())), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_disabled_user_with_the_right_password_gets_the_disabled_page()
    {
        using var browser = _idp.NewBrowser();
        var login = await browser.GetAsync(WsFederationClient.SignInUrl());
        var page = await WsFederationClient.LoginAsync(browser, login, "dave@contoso.com", IdpServerFixture.Password);
        Assert.Equal(HttpStatusCode.Forbidden, page.Status);
        Assert.Equal("Your account is disabled", page.Text("h1"));
        Assert.Null(page.Field("wresult"));
    }

    [Fact]
    public async Task Disabling_a_user_stops_single_sign_on_at_the_next_request()
    {
        await _idp.Directory.AddUserAsync("erin@contoso.com", IdpServerFixture.Password);
        using var browser = _idp.NewBrowser();
        await WsFederationClient.SignInAsync(browser, "erin@contoso.com", IdpServerFixture.Password);
        await _idp.Directory.Users.SetEnabledAsync("erin@contoso.com", false);
        var page = await browser.GetAsync(WsFederationClient.SignInUrl());
        Assert.Equal(HttpStatusCode.Forbidden, page.Status);
        Assert.Equal("IDPF2002", page.Text("#error-code"));
    }

    [Theory]
    [InlineData("/adfs/ls/?wa=wsignin1.0&wtrealm=urn:unknown:app", "IDPF1003")]
    [InlineData("/adfs/ls/?wa=wsignin1.0&wtrealm=urn:federation:MicrosoftOnline&wreply=https%3A%2F%2Fevil.example%2F", "IDPF1004")]
    [InlineData("/adfs/ls/?wa=wsignin1.0&wtrealm=urn:federation:MicrosoftOnline&wreply=https%3A%2F%2Flogin.microsoftonline.com%2Flogin.srf.evil.example", "IDPF1004")]
    [InlineData("/adfs/ls/?wtrealm=urn:federation:MicrosoftOnline", "IDPF1001")]
    [InlineData("/adfs/ls/?wa=wattr1.0&wtrealm=urn:federation:MicrosoftOnline", "IDPF1002")]
    [InlineData("/adfs/ls/?wa=wsignin1.0&wtrealm=urn:federation:MicrosoftOnline&wtrealm=urn:other", "IDPF1001")]
    [InlineData("/adfs/ls/?wa=wsignin1.0", "IDPF1001")]
    public async Task Bad_requests_get_an_error_page_with_a_stable_code_and_400(string url, string code)
    {
        var usersBefore = (await _idp.Directory.Users.ListAsync()).Count;
        using var browser = _idp.NewBrowser();
        var page = await browser.GetAsync(url, followRedirects: false);
        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        Assert.Equal(code, page.Text("#error-code"));
        Assert.Null(page.Field("wresult"));
        Assert.DoesNotContain("Exception", page.Html, StringComparison.Ordinal);
        Assert.Equal(usersBefore, (await _idp.Directory.Users.ListAsync()).Count);
    }

    [Fact]
    public async Task Oversized_wctx_is_refused_with_a_precise_message()
    {
        using var browser = _idp.NewBrowser();
        var page = await browser.GetAsync(WsFederationClient.SignInUrl(new string('x', 9000)), followRedirects: false);
        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        Assert.Equal("IDPF1005", page.Text("#error-code"));
        Assert.Contains("wctx is 9000 characters; the limit is 8192.", page.Text("#error-description"));
    }

    [Fact]
    public async Task Mfa_request_with_a_live_session_never_gets_a_token_without_a_second_factor()
    {
        using var browser = _idp.NewBrowser();
        await WsFederationClient.SignInAsync(browser, "carol@eu.contoso.com", IdpServerFixture.Password);

        // Not enrolled, and the session's password predates the demand: the password first, then enrolment.
        var demanded = await browser.GetAsync(WsFederationClient.SignInUrl(wauth: "http://schemas.microsoft.com/claims/multipleauthn"), followRedirects: false);
        Assert.Equal(HttpStatusCode.Redirect, demanded.Status);
        Assert.StartsWith("/login?signin=", demanded.Location!.OriginalString, StringComparison.Ordinal);
        var login = await browser.GetAsync(demanded.Location.OriginalString);
        var enroll = await WsFederationClient.LoginAsync(browser, login, "carol@eu.contoso.com", IdpServerFixture.Password);
        Assert.StartsWith("/mfa/enroll?signin=", enroll.Url, StringComparison.Ordinal);
        Assert.Null(enroll.Field("wresult"));
    }

    [Fact]
    public async Task A_registered_wreply_receives_the_token_for_its_own_relying_party()
    {
        using var browser = _idp.NewBrowser();
        var login = await browser.GetAsync(WsFederationClient.SignInUrl("x", realm: TestIdpEnvironment.AppRealm, wreply: TestIdpEnvironment.AppSecondReply));
        Assert.Contains("Example App", login.Text(".subtitle"));
        var posted = await WsFederationClient.LoginAsync(browser, login, "alice@contoso.com", IdpServerFixture.Password);
        Assert.Equal(TestIdpEnvironment.AppSecondReply, posted.Document.Forms.Single().Action);
        var assertion = WsFederationSignInTests.AssertionOf(WsFederationClient.ParseWresult(posted));
        Assert.Contains(TestIdpEnvironment.AppRealm, assertion.OuterXml, StringComparison.Ordinal);
        Assert.Contains($"form-action https://app.example.test", posted.Headers["Content-Security-Policy"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sign_out_ends_the_session_and_redirects_only_to_registered_urls()
    {
        using var browser = _idp.NewBrowser();
        await WsFederationClient.SignInAsync(browser, "alice@contoso.com", IdpServerFixture.Password);

        var signOut = await browser.GetAsync("/adfs/ls/?wa=wsignout1.0&wreply=" + Uri.EscapeDataString("https://evil.example/"), followRedirects: false);
        Assert.Equal(HttpStatusCode.Redirect, signOut.Status);
        Assert.Equal("/signedout", signOut.Location!.OriginalString);
        var signedOut = await browser.GetAsync("/signedout");
        Assert.Equal("You have signed out", signedOut.Text("h1"));

        var again = await browser.GetAsync(WsFederationClient.SignInUrl(), followRedirects: false);
        Assert.StartsWith("/login?signin=", again.Location!.OriginalString);

        await WsFederationClient.SignInAsync(browser, "alice@contoso.com", IdpServerFixture.Password);
        var registered = await browser.GetAsync("/adfs/ls/?wa=wsignoutcleanup1.0&wreply=" + Uri.EscapeDataString(TestIdpEnvironment.AppReply), followRedirects: false);
        Assert.Equal(TestIdpEnvironment.AppReply, registered.Location!.OriginalString);
        var prompted = await browser.GetAsync(WsFederationClient.SignInUrl(), followRedirects: false);
        Assert.StartsWith("/login?signin=", prompted.Location!.OriginalString);
    }

    [Fact]
    public async Task Login_post_without_antiforgery_token_is_refused()
    {
        using var browser = _idp.NewBrowser();
        var login = await browser.GetAsync(WsFederationClient.SignInUrl());
        var page = await browser.PostFormAsync(login.Url, new Dictionary<string, string> { ["Username"] = "alice@contoso.com", ["Password"] = IdpServerFixture.Password });
        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        Assert.Null(page.Field("wresult"));
    }

    [Fact]
    public async Task Expired_or_forged_sign_in_ids_get_the_expired_page()
    {
        using var browser = _idp.NewBrowser();
        var page = await browser.GetAsync("/login?signin=" + new string('A', 43));
        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        Assert.Equal("IDPF1007", page.Text("#error-code"));
        var resume = await browser.GetAsync("/adfs/ls/resume?signin=bogus");
        Assert.Equal("IDPF1007", resume.Text("#error-code"));
    }

    [Fact]
    public async Task Pages_carry_security_headers()
    {
        using var browser = _idp.NewBrowser();
        var login = await browser.GetAsync(WsFederationClient.SignInUrl());
        Assert.Contains("frame-ancestors 'none'", login.Headers["Content-Security-Policy"], StringComparison.Ordinal);
        Assert.Contains("form-action 'self'", login.Headers["Content-Security-Policy"], StringComparison.Ordinal);
        Assert.Equal("DENY", login.Headers["X-Frame-Options"]);
        Assert.Contains("no-store", login.Headers["Cache-Control"], StringComparison.Ordinal);
        Assert.Equal("Contoso Test", login.Text(".brand .org"));
        Assert.Contains("--brand: #123456", login.Html, StringComparison.Ordinal);
    }
}
