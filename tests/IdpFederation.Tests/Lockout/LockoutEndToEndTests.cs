using System.Net;
using System.Text.RegularExpressions;
using IdpFederation.Core.Auditing;
using IdpFederation.Tests.Policies;
using IdpFederation.Tests.Server;

namespace IdpFederation.Tests.Lockout;

/// <summary>Smart lockout in the real server: a locked account is indistinguishable from a wrong password.</summary>
[Trait("Kind", "Integration")]
public sealed partial class LockoutEndToEndTests : IClassFixture<LockoutServerFixture>
{
    private const string WrongPassword = "not the password";
    private readonly LockoutServerFixture _idp;

    public LockoutEndToEndTests(LockoutServerFixture idp) => _idp = idp;

    /// <summary>The page without what differs on every response anyway: the antiforgery token and the CSP nonce.</summary>
    private static string Normalize(string html) => Nonce().Replace(AntiforgeryValue().Replace(html, "value=\"(token)\""), "nonce=\"(nonce)\"");

    [GeneratedRegex("(?<=name=\"__RequestVerificationToken\" type=\"hidden\" )value=\"[^\"]*\"|value=\"[^\"]*\"(?= name=\"__RequestVerificationToken\")")]
    private static partial Regex AntiforgeryValue();

    [GeneratedRegex("nonce=\"[^\"]*\"")]
    private static partial Regex Nonce();

    private static Task<Page> PostAsync(ForwardedBrowser browser, Page form, string username, string password) =>
        browser.SubmitAsync(form, new Dictionary<string, string> { ["Username"] = username, ["Password"] = password });

    [Fact]
    public async Task A_locked_account_gets_exactly_the_page_status_and_message_of_a_wrong_password()
    {
        // Alice signs in at the office first, which makes that address familiar for her.
        using var office = _idp.NewBrowser("203.0.113.30");
        Assert.NotNull((await office.SignInAsync("alice@contoso.com", PolicyServerFixture.Password)).Field("wresult"));

        using var attacker = _idp.NewBrowser("198.51.100.30");
        var login = await attacker.GetAsync(WsFederationClient.SignInUrl("ctx", "alice@contoso.com"));

        var wrong = await PostAsync(attacker, login, "alice@contoso.com", WrongPassword);
        var wrong2 = await PostAsync(attacker, wrong, "alice@contoso.com", WrongPassword);
        var wrong3 = await PostAsync(attacker, wrong2, "alice@contoso.com", WrongPassword);
        var locked = await PostAsync(attacker, wrong3, "alice@contoso.com", PolicyServerFixture.Password);

        Assert.Equal(HttpStatusCode.OK, wrong.Status);
        Assert.Equal(wrong.Status, locked.Status);
        Assert.Equal("Incorrect username or password.", wrong.Text("#login-error"));
        Assert.Equal(wrong.Text("#login-error"), locked.Text("#login-error"));
        Assert.Equal(wrong.Url, locked.Url);
        Assert.Null(locked.Field("wresult"));
        Assert.Contains("__RequestVerificationToken", wrong.Html, StringComparison.Ordinal);
        Assert.Equal(Normalize(wrong.Html), Normalize(locked.Html));
        Assert.Equal(wrong.Headers.Keys.Order(), locked.Headers.Keys.Order());
        Assert.DoesNotContain(attacker.Cookies.GetAllCookies(), c => c.Name == "idpfed.session");

        // The real user at the office is not locked out by the attacker.
        using var again = _idp.NewBrowser("203.0.113.30");
        var token = await again.SignInAsync("alice@contoso.com", PolicyServerFixture.Password);
        Assert.Equal("true", TokenClaims.InsideCorporateNetwork(token));
    }

    [Fact]
    public async Task A_locked_attempt_is_audited_like_a_wrong_password_with_the_lockout_in_the_details()
    {
        using var attacker = _idp.NewBrowser("198.51.100.31");
        var page = await attacker.GetAsync(WsFederationClient.SignInUrl("ctx", "bob@contoso.com"));
        for (var i = 0; i < 3; i++)
        {
            page = await PostAsync(attacker, page, "bob@contoso.com", WrongPassword);
        }

        var marker = DateTimeOffset.UtcNow.AddSeconds(-1);
        Assert.Equal("Incorrect username or password.", (await PostAsync(attacker, page, "bob@contoso.com", PolicyServerFixture.Password)).Text("#login-error"));

        var entry = await ServerAudit.WaitForAsync(_idp.Directory.Audit, "bob@contoso.com",
            e => e.Timestamp >= marker && e.ClientIp == "198.51.100.31" && e.Details is not null && e.Details.Contains("locked", StringComparison.Ordinal));
        Assert.Equal(AuditOutcomes.Failure, entry.Outcome);
        Assert.Equal("invalid credentials", entry.Reason);
        Assert.Equal("locked from unfamiliar IPs", ServerAudit.Details(entry).GetProperty("lockout").GetString());
    }
}
