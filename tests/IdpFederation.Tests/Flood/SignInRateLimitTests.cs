using System.Net;
using IdpFederation.Tests.MultiInstance;
using IdpFederation.Tests.Server;
using IdpFederation.Tests.State;

namespace IdpFederation.Tests.Flood;

/// <summary>
/// Idp:RateLimits:SignInPerIp: which requests count, and that with Redis the instances share one count.
/// </summary>
[Trait("Kind", "Integration")]
public sealed class SignInRateLimitTests
{
    [Fact]
    public async Task Single_sign_on_is_not_counted_but_login_posts_are()
    {
        await using var server = await FloodServer.StartAsync(permitLimit: 4, TimeSpan.FromHours(1), 100, redis: false);
        using var alice = server.NewBrowser("203.0.113.60");

        // Counted: the anonymous sign-in request and the password post (2 of 4).
        Assert.NotNull((await alice.SignInAsync("alice@contoso.com", FloodServer.Password)).Field("wresult"));
        for (var i = 0; i < 10; i++)
        {
            var sso = await alice.GetAsync(WsFederationClient.SignInUrl());
            Assert.NotNull(sso.Field("wresult"));
        }

        // The same address without the session: one more sign-in request (3), two wrong passwords (4, then refused).
        using var mallory = server.NewBrowser("203.0.113.60");
        var login = await mallory.GetAsync(WsFederationClient.SignInUrl());
        var wrong = await mallory.SubmitAsync(login, new Dictionary<string, string> { ["Username"] = "bob@contoso.com", ["Password"] = "wrong password 1" });
        Assert.Equal(HttpStatusCode.OK, wrong.Status);
        var refused = await mallory.SubmitAsync(wrong, new Dictionary<string, string> { ["Username"] = "bob@contoso.com", ["Password"] = "wrong password 2" });
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.Status);
        Assert.Equal("IDPF1429", refused.Text("#error-code"));
        Assert.Equal("3600", refused.Headers["Retry-After"]);

        // Showing a page is free, and another address has its own budget.
        Assert.Equal(HttpStatusCode.OK, (await mallory.GetAsync(login.Url)).Status);
        using var carol = server.NewBrowser("203.0.113.61");
        Assert.NotNull((await carol.SignInAsync("bob@contoso.com", FloodServer.Password)).Field("wresult"));
    }
}

/// <summary>Two instances on one Redis: a client that spreads its requests over both still gets the limit once.</summary>
[Trait("Kind", "Integration")]
public sealed class SharedSignInRateLimitTests : IRequiresRedis
{
    [StateFact]
    public async Task Two_instances_sharing_Redis_enforce_one_limit_per_address()
    {
        await using var a = await FloodServer.StartAsync(permitLimit: 10, TimeSpan.FromHours(1), 100, redis: true);
        await using var b = await IdpServerProcess.StartAsync(a.Environment, baseUrl: $"http://127.0.0.1:{TestIdpEnvironment.FreePort()}");
        using var toA = new SignInFlood(a.BaseUrl);
        using var toB = new SignInFlood(b.BaseUrl);

        await Task.WhenAll(toA.RunAsync([("198.51.100.30", 15)], workers: 4), toB.RunAsync([("198.51.100.30", 15)], workers: 4));

        Assert.Equal(10, toA.Count("198.51.100.30", HttpStatusCode.Found) + toB.Count("198.51.100.30", HttpStatusCode.Found));
        Assert.Equal(20, toA.Count("198.51.100.30", HttpStatusCode.TooManyRequests) + toB.Count("198.51.100.30", HttpStatusCode.TooManyRequests));
    }
}
