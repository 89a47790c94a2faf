using System.Net;

namespace IdpFederation.Tests.Policies;

/// <summary>A server with no trusted proxies configured.</summary>
public sealed class UntrustedProxyServerFixture : PolicyServerFixture
{
    public UntrustedProxyServerFixture()
        : base(InitialPolicy, trustLoopbackProxy: false)
    {
    }
}

/// <summary>
/// X-Forwarded-For is believed only from Idp:Network:TrustedProxies. Without that, anyone could choose the address
/// the policy sees: here a client claims to be in the office, or pretends to be elsewhere to dodge a rule.
/// </summary>
[Trait("Kind", "Integration")]
public sealed class UntrustedForwardedHeaderTests : IClassFixture<UntrustedProxyServerFixture>
{
    private readonly UntrustedProxyServerFixture _idp;

    public UntrustedForwardedHeaderTests(UntrustedProxyServerFixture idp) => _idp = idp;

    [Fact]
    public async Task A_forged_office_address_does_not_make_the_client_inside_the_corporate_network()
    {
        using var browser = _idp.NewBrowser("203.0.113.25");

        var page = await browser.SignInAsync("alice@contoso.com", PolicyServerFixture.Password);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("false", TokenClaims.InsideCorporateNetwork(page));
    }

    [Fact]
    public async Task A_forged_blocked_address_is_ignored_and_the_audit_shows_the_real_peer()
    {
        using var browser = _idp.NewBrowser("198.51.100.7");

        var page = await browser.SignInAsync("bob@contoso.com", PolicyServerFixture.Password);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.NotNull(page.Field("wresult"));
        var entry = await ServerAudit.WaitForAsync(_idp.Directory.Audit, "bob@contoso.com", e => e.Outcome == "Success");
        Assert.Equal("127.0.0.1", entry.ClientIp);
    }
}
