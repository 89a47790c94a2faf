using System.Net;
using System.Text.Json.Nodes;
using System.Xml;
using IdpFederation.Cli;
using IdpFederation.Infrastructure.State.Redis;
using IdpFederation.Tests.Server;
using IdpFederation.Tests.State;

namespace IdpFederation.Tests.MultiInstance;

/// <summary>
/// Two server processes sharing one Redis and one database act as one IdP: whatever instance a request lands on,
/// the session, the pending sign-in, sign-out and revocation are the same. Each test uses its own user.
/// </summary>
[Trait("Kind", "Integration")]
public sealed class TwoInstanceTests : IClassFixture<TwoInstanceFixture>, IRequiresRedis
{
    private const string SessionCookie = "idpfed.session";
    private readonly TwoInstanceFixture _idp;

    public TwoInstanceTests(TwoInstanceFixture idp) => _idp = idp;

    private string A => _idp.A.BaseUrl;
    private string B => _idp.B.BaseUrl;

    private BrowserClient NewBrowser() => new(A);

    private static async Task<Page> SignInOnAsync(BrowserClient browser, string instance, string upn, string wctx = "ctx")
    {
        var login = await InstanceNavigation.GetAsync(browser, instance, WsFederationClient.SignInUrl(wctx, upn));
        Assert.Equal(HttpStatusCode.OK, login.Status);
        Assert.NotNull(login.Field("__RequestVerificationToken"));
        var posted = await InstanceNavigation.LoginAsync(browser, instance, login, upn, TwoInstanceFixture.Password);
        AssertTokenFor(posted, upn, wctx);
        return posted;
    }

    /// <summary>The auto-post page carries a parseable RSTR whose assertion names the user.</summary>
    private static void AssertTokenFor(Page page, string upn, string wctx)
    {
        Assert.True(page.Status == HttpStatusCode.OK, $"expected the auto-post page, got {(int)page.Status}:\n{page.Html}");
        Assert.Equal(wctx, page.Field("wctx"));
        var rstr = WsFederationClient.ParseWresult(page);
        var ns = WsFederationClient.Namespaces(rstr);
        var upnValue = rstr.SelectSingleNode("//saml:Attribute[@AttributeName='UPN']/saml:AttributeValue", ns) as XmlElement;
        Assert.Equal(upn, upnValue?.InnerText);
        Assert.NotNull(rstr.SelectSingleNode("//t:RequestedSecurityToken/saml:Assertion/ds:Signature", ns));
    }

    private static async Task AssertPromptsAsync(BrowserClient browser, string instance)
    {
        var page = await InstanceNavigation.GetAsync(browser, instance, WsFederationClient.SignInUrl("again"), followRedirects: false);
        Assert.Equal(HttpStatusCode.Redirect, page.Status);
        Assert.StartsWith("/login?signin=", page.Location!.OriginalString, StringComparison.Ordinal);
    }

    private static async Task AssertSsoAsync(BrowserClient browser, string instance, string upn)
    {
        var page = await InstanceNavigation.GetAsync(browser, instance, WsFederationClient.SignInUrl("sso"), followRedirects: false);
        AssertTokenFor(page, upn, "sso");
    }

    private string SessionId(BrowserClient browser) =>
        browser.Cookies.GetCookies(new Uri(A))[SessionCookie]?.Value ?? throw new InvalidOperationException("no session cookie");

    [StateFact]
    public async Task Signed_in_on_A_B_issues_a_token_without_a_prompt()
    {
        using var browser = NewBrowser();
        await SignInOnAsync(browser, A, "ann@contoso.com");

        await AssertSsoAsync(browser, B, "ann@contoso.com");
        await AssertSsoAsync(browser, A, "ann@contoso.com");
    }

    [StateFact]
    public async Task A_sign_in_started_on_A_is_completed_on_B()
    {
        using var browser = NewBrowser();
        var started = await InstanceNavigation.GetAsync(browser, A, WsFederationClient.SignInUrl("started-on-A", "ben@contoso.com"), followRedirects: false);
        Assert.Equal(HttpStatusCode.Redirect, started.Status);
        var loginPath = started.Location!.OriginalString;
        Assert.StartsWith("/login?signin=", loginPath, StringComparison.Ordinal);

        // The login page and its antiforgery token come from B, the POST goes to B, and B resumes the flow.
        var login = await InstanceNavigation.GetAsync(browser, B, loginPath);
        Assert.Equal(HttpStatusCode.OK, login.Status);
        Assert.Equal("ben@contoso.com", login.Document.QuerySelector("#username")?.GetAttribute("value"));
        var posted = await InstanceNavigation.LoginAsync(browser, B, login, "ben@contoso.com", TwoInstanceFixture.Password);
        AssertTokenFor(posted, "ben@contoso.com", "started-on-A");

        // The pending entry was consumed on B, so it cannot be replayed on A.
        var replay = await InstanceNavigation.GetAsync(browser, A, "/adfs/ls/resume?signin=" + loginPath["/login?signin=".Length..]);
        Assert.Equal("IDPF1007", replay.Text("#error-code"));
        await AssertSsoAsync(browser, A, "ben@contoso.com");
    }

    [StateFact]
    public async Task An_antiforgery_token_from_A_is_accepted_by_B()
    {
        using var browser = NewBrowser();
        var login = await InstanceNavigation.GetAsync(browser, A, WsFederationClient.SignInUrl("af", "eve@contoso.com"));
        Assert.Equal(HttpStatusCode.OK, login.Status);

        var posted = await InstanceNavigation.LoginAsync(browser, B, login, "eve@contoso.com", TwoInstanceFixture.Password);
        AssertTokenFor(posted, "eve@contoso.com", "af");
    }

    [StateFact]
    public async Task Signed_out_on_B_A_prompts_again_even_for_a_kept_copy_of_the_cookie()
    {
        using var browser = NewBrowser();
        await SignInOnAsync(browser, A, "cat@contoso.com");
        var copied = SessionId(browser);

        var signedOut = await InstanceNavigation.GetAsync(browser, B, "/adfs/ls/?wa=wsignout1.0");
        Assert.Equal("You have signed out", signedOut.Text("h1"));
        await AssertPromptsAsync(browser, A);

        // The server-side record is gone, not just the browser's cookie.
        browser.Cookies.Add(new Uri(A), new Cookie(SessionCookie, copied, "/"));
        await AssertPromptsAsync(browser, A);
        await AssertPromptsAsync(browser, B);
    }

    [StateFact]
    public async Task Revoked_from_the_CLI_both_instances_prompt()
    {
        using var browser = NewBrowser();
        await SignInOnAsync(browser, A, "dan@contoso.com");
        await AssertSsoAsync(browser, B, "dan@contoso.com");

        var list = await RunCliAsync("session", "list", "--user", "dan@contoso.com", "--json");
        Assert.True(list.Exit == 0, list.Error);
        var sessions = JsonNode.Parse(list.Output)!.AsArray();
        Assert.Single(sessions);
        Assert.Equal(["urn:federation:MicrosoftOnline"], sessions[0]!["relyingParties"]!.AsArray().Select(r => (string?)r));

        var revoke = await RunCliAsync("session", "revoke", "--user", "dan@contoso.com");
        Assert.True(revoke.Exit == 0, revoke.Error);
        Assert.Contains("dan@contoso.com", revoke.Output, StringComparison.Ordinal);

        // The browser still holds the cookie; both instances refuse it.
        Assert.NotNull(browser.Cookies.GetCookies(new Uri(A))[SessionCookie]);
        await AssertPromptsAsync(browser, A);
        await AssertPromptsAsync(browser, B);
    }

    [StateFact]
    public async Task A_counter_incremented_on_A_is_seen_on_B()
    {
        // Each store on its own connection, as each instance has its own multiplexer.
        using var instanceB = RedisTestEnvironment.Connect(_idp.KeyPrefix);
        var onA = new RedisCounterStore(_idp.Redis);
        var onB = new RedisCounterStore(instanceB);
        var key = "lockout:" + Guid.NewGuid().ToString("N");

        Assert.Equal(1, await onA.IncrementAsync(key, TimeSpan.FromMinutes(5)));
        Assert.Equal(2, await onA.IncrementAsync(key, TimeSpan.FromMinutes(5)));
        Assert.Equal(2, await onB.GetAsync(key));
        Assert.Equal(3, await onB.IncrementAsync(key, TimeSpan.FromMinutes(5)));
        Assert.Equal(3, await onA.GetAsync(key));
        await onB.ResetAsync(key);
        Assert.Equal(0, await onA.GetAsync(key));
    }

    private async Task<(int Exit, string Output, string Error)> RunCliAsync(params string[] args)
    {
        using var input = new StringReader("");
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await IdpFedCli.RunAsync(["--config-dir", _idp.Environment.ConfigDirectory, .. args], input, output, error);
        return (exit, output.ToString(), error.ToString());
    }
}
