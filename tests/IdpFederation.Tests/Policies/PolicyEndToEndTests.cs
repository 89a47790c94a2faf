using System.Net;
using IdpFederation.Core.Auditing;
using IdpFederation.Tests.Server;

namespace IdpFederation.Tests.Policies;

/// <summary>
/// The policy step in the real server: X-Forwarded-For from the trusted proxy (127.0.0.1) sets the client address,
/// rules decide, the user sees only a generic page, the token says whether the client is inside the corporate
/// network, and the audit log records what the policy did.
/// </summary>
[Trait("Kind", "Integration")]
public sealed class PolicyEndToEndTests : IClassFixture<PolicyServerFixture>
{
    private readonly PolicyServerFixture _idp;

    public PolicyEndToEndTests(PolicyServerFixture idp) => _idp = idp;

    [Fact]
    public async Task A_user_from_a_blocked_range_gets_the_generic_denial_page_that_names_no_rule()
    {
        using var browser = _idp.NewBrowser("198.51.100.7");

        var page = await browser.SignInAsync("alice@contoso.com", PolicyServerFixture.Password);

        Assert.Equal(HttpStatusCode.Forbidden, page.Status);
        Assert.Equal("IDPF3001", page.Text("#error-code"));
        Assert.False(string.IsNullOrWhiteSpace(page.Text("#error-reference")));
        Assert.Null(page.Field("wresult"));
        foreach (var secret in new[] { PolicyServerFixture.DenyRuleName, "7f3a", "hostile", "198.51.100", "ipRanges" })
        {
            Assert.DoesNotContain(secret, page.Html, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task A_denied_sign_in_is_audited_as_a_failure_with_the_policy_code_and_client_address()
    {
        using var browser = _idp.NewBrowser("198.51.100.8");
        await browser.SignInAsync("alice@contoso.com", PolicyServerFixture.Password);

        var entry = await ServerAudit.WaitForAsync(_idp.Directory.Audit, "alice@contoso.com", e => e.ClientIp == "198.51.100.8" && e.Reason == "IDPF3001");

        Assert.Equal(AuditOutcomes.Failure, entry.Outcome);
        Assert.Equal(AuditEventTypes.SignIn, entry.EventType);
        Assert.Equal(WsFederationClient.Realm, entry.RelyingParty);
    }

    [Fact]
    public async Task The_audit_details_of_a_denial_name_the_rule_and_the_decision()
    {
        using var browser = _idp.NewBrowser("198.51.100.9");
        await browser.SignInAsync("alice@contoso.com", PolicyServerFixture.Password);

        var entry = await ServerAudit.WaitForAsync(_idp.Directory.Audit, "alice@contoso.com", e => e.ClientIp == "198.51.100.9" && e.Reason == "IDPF3001");

        var details = ServerAudit.Details(entry);
        Assert.Equal("Deny", details.GetProperty("decision").GetString());
        Assert.Equal([PolicyServerFixture.DenyRuleName], ServerAudit.Strings(details, "rules"));
        Assert.False(details.GetProperty("insideCorporateNetwork").GetBoolean());
    }

    [Fact]
    public async Task A_denied_user_with_a_live_session_is_denied_again_without_a_prompt()
    {
        // Signed in at the office, then the same browser (cookie) turns up from the blocked range.
        using var office = _idp.NewBrowser("203.0.113.40");
        Assert.NotNull(TokenClaims.InsideCorporateNetwork(await office.SignInAsync("bob@contoso.com", PolicyServerFixture.Password)));
        using var roaming = _idp.NewBrowser("198.51.100.40");
        foreach (var cookie in office.Cookies.GetAllCookies().Cast<Cookie>())
        {
            roaming.Cookies.Add(cookie);
        }

        var page = await roaming.GetAsync(WsFederationClient.SignInUrl("sso"));

        Assert.Equal(HttpStatusCode.Forbidden, page.Status);
        Assert.Equal("IDPF3001", page.Text("#error-code"));
        Assert.Null(page.Field("wresult"));
    }

    [Theory]
    [InlineData("203.0.113.25", "true")]
    [InlineData("2001:db8:10::25", "true")]
    [InlineData("100.64.0.1", "false")]
    [InlineData("2001:db8:99::1", "false")]
    public async Task The_token_says_whether_the_client_is_inside_the_corporate_network(string clientIp, string expected)
    {
        using var browser = _idp.NewBrowser(clientIp);

        var page = await browser.SignInAsync("alice@contoso.com", PolicyServerFixture.Password);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal(expected, TokenClaims.InsideCorporateNetwork(page));
    }

    [Fact]
    public async Task A_report_only_deny_lets_the_sign_in_through()
    {
        using var browser = _idp.NewBrowser("192.0.2.9");

        var page = await browser.SignInAsync("alice@contoso.com", PolicyServerFixture.Password);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("false", TokenClaims.InsideCorporateNetwork(page));
        var entry = await ServerAudit.WaitForAsync(_idp.Directory.Audit, "alice@contoso.com", e => e.ClientIp == "192.0.2.9" && e.Outcome == AuditOutcomes.Success);
        Assert.Equal("password", entry.Reason);
    }

    [Fact]
    public async Task A_report_only_deny_is_listed_in_the_audit_details_of_the_successful_sign_in()
    {
        using var browser = _idp.NewBrowser("192.0.2.10");
        Assert.Equal(HttpStatusCode.OK, (await browser.SignInAsync("alice@contoso.com", PolicyServerFixture.Password)).Status);

        var entry = await ServerAudit.WaitForAsync(_idp.Directory.Audit, "alice@contoso.com", e => e.ClientIp == "192.0.2.10" && e.Outcome == AuditOutcomes.Success);

        var details = ServerAudit.Details(entry);
        Assert.Equal("Allow", details.GetProperty("decision").GetString());
        Assert.Equal([$"{PolicyServerFixture.ReportOnlyRuleName}:deny"], ServerAudit.Strings(details, "reportOnly"));
        Assert.Empty(ServerAudit.Strings(details, "rules"));
    }

    [Fact]
    public async Task RequireMfa_leads_to_enrolment_and_never_issues_a_password_only_token_not_even_with_a_session()
    {
        using var browser = _idp.NewBrowser("203.0.113.60");

        var first = await browser.SignInAsync("mallory@contoso.com", PolicyServerFixture.Password);
        Assert.StartsWith("/mfa/enroll?signin=", first.Url, StringComparison.Ordinal);
        var again = await browser.GetAsync(WsFederationClient.SignInUrl("again"));

        // With the session but a new request, enrolment needs the password again: the login page, still no token.
        Assert.StartsWith("/login?signin=", again.Url, StringComparison.Ordinal);
        foreach (var page in new[] { first, again })
        {
            Assert.Null(page.Field("wresult"));
            Assert.DoesNotContain("MFA for mallory", page.Html, StringComparison.Ordinal);
        }
    }
}
