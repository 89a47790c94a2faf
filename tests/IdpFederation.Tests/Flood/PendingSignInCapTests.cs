using System.Net;
using IdpFederation.Tests.Server;
using IdpFederation.Tests.State;

namespace IdpFederation.Tests.Flood;

/// <summary>
/// Issue 10 item 2: nothing capped the pending sign-ins. Now, once Idp:State:MaxPendingSignIns are waiting, a new
/// anonymous sign-in gets 503 with Retry-After and IDPF9504, while a user with a live session still gets tokens, and
/// a finished sign-in frees its place at once.
/// </summary>
public abstract class PendingSignInCapTests
{
    private const int Cap = 30;

    protected abstract bool UseRedis { get; }

    [StateFact]
    public async Task A_full_store_refuses_new_sign_ins_with_503_but_not_single_sign_on_and_a_finished_sign_in_frees_a_place()
    {
        await using var server = await FloodServer.StartAsync(permitLimit: 1_000, TimeSpan.FromHours(1), Cap, UseRedis);
        using var flood = new SignInFlood(server.BaseUrl);
        using var alice = server.NewBrowser("203.0.113.50");
        Assert.NotNull((await alice.SignInAsync("alice@contoso.com", FloodServer.Password)).Field("wresult"));

        // Bob reaches the login page first (his sign-in holds a place), then the flood fills the rest and more.
        using var bob = server.NewBrowser("203.0.113.51");
        var bobLogin = await bob.GetAsync(WsFederationClient.SignInUrl());
        Assert.NotNull(bobLogin.Document.QuerySelector("input[name='Password']"));
        await flood.RunAsync([("198.51.100.20", 20), ("198.51.100.21", 20), ("2001:db8:9::1", 20)]);

        Assert.Equal(Cap - 1, new[] { "198.51.100.20", "198.51.100.21", "2001:db8:9::1" }.Sum(a => flood.Count(a, HttpStatusCode.Found)));
        Assert.Equal(60 - (Cap - 1), new[] { "198.51.100.20", "198.51.100.21", "2001:db8:9::1" }.Sum(a => flood.Count(a, HttpStatusCode.ServiceUnavailable)));
        var (status, body, retryAfter) = await flood.SendAsync("198.51.100.22", post: false);
        Assert.Equal((HttpStatusCode.ServiceUnavailable, "60"), (status, retryAfter));
        Assert.Contains("IDPF9504", body, StringComparison.Ordinal);

        // Single sign-on stores nothing and is not refused.
        var sso = await alice.GetAsync(WsFederationClient.SignInUrl());
        Assert.Equal(HttpStatusCode.OK, sso.Status);
        Assert.NotNull(sso.Field("wresult"));

        // Bob finishes; his place goes to the next newcomer, and only to one.
        var token = await bob.SubmitAsync(bobLogin, new Dictionary<string, string> { ["Username"] = "bob@contoso.com", ["Password"] = FloodServer.Password });
        Assert.NotNull(token.Field("wresult"));
        Assert.Equal(HttpStatusCode.Found, (await flood.SendAsync("198.51.100.23", post: true)).Status);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await flood.SendAsync("198.51.100.23", post: false)).Status);
    }
}

[Trait("Kind", "Integration")]
public sealed class InMemoryPendingSignInCapTests : PendingSignInCapTests
{
    protected override bool UseRedis => false;
}

[Trait("Kind", "Integration")]
public sealed class RedisPendingSignInCapTests : PendingSignInCapTests, IRequiresRedis
{
    protected override bool UseRedis => true;
}
