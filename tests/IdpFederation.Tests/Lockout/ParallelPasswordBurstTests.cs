using System.Net;
using System.Text.Json.Nodes;
using IdpFederation.Core.Auditing;
using IdpFederation.Tests.Policies;
using IdpFederation.Tests.Server;
using IdpFederation.Tests.State;

namespace IdpFederation.Tests.Lockout;

/// <summary>
/// Issue 10 item 1: password guesses sent in parallel against the real server. The counters were read before the
/// hash and written after it, so every request of a burst was checked before the first failure counted (12 parallel
/// wrong-then-right passwords with threshold 5 ended in a session). Each attempt now reserves its slot first.
/// <para>
/// A checked attempt is audited as "invalid credentials" without lockout details; an attempt refused by lockout is
/// audited with them and never reaches the hasher. So the audit trail counts the hash checks, from outside.
/// </para>
/// </summary>
public abstract class ParallelPasswordBurstTests
{
    private const int UnfamiliarThreshold = 5;
    private const int IpThreshold = 8;
    private const int Burst = 30;

    private static readonly string Policy = $$"""
        {
          "lockout": { "unfamiliarThreshold": {{UnfamiliarThreshold}}, "familiarThreshold": 10, "ipThreshold": {{IpThreshold}}, "window": "00:15:00" }
        }
        """;

    /// <summary>Null for the in-memory counters; sets Idp:State for Redis.</summary>
    protected abstract Action<JsonObject>? Configure { get; }

    protected virtual Task CleanUpAsync() => Task.CompletedTask;

    [StateFact]
    public Task Parallel_wrong_passwords_check_at_most_the_threshold_the_right_one_inside_the_burst_gets_no_session_and_the_office_still_signs_in() =>
        WithServerAsync(async idp =>
    {
        const string office = "203.0.113.40", attacker = "198.51.100.40";
        using (var first = idp.NewBrowser(office))
        {
            Assert.NotNull((await first.SignInAsync("bob@contoso.com", PolicyServerFixture.Password)).Field("wresult"));
        }

        var marker = DateTimeOffset.UtcNow.AddSeconds(-1);
        using var attackerBrowser = idp.NewBrowser(attacker);
        var login = await attackerBrowser.GetAsync(WsFederationClient.SignInUrl("ctx", "bob@contoso.com"));
        var burst = Enumerable.Range(0, Burst).Select(i => Post(attackerBrowser, login, "bob@contoso.com", $"wrong guess {i}")).ToArray();

        // The right password, sent while the burst is still being answered, once the server has refused one of it:
        // by then every slot is taken, so it must be refused too, however the requests interleave.
        await WaitForAuditAsync(idp, "bob@contoso.com", attacker, marker, events => events.Any(e => e.Details?.Contains("lockout", StringComparison.Ordinal) == true));
        using var rightBrowser = idp.NewBrowser(attacker);
        var right = await rightBrowser.SignInAsync("bob@contoso.com", PolicyServerFixture.Password);
        var answers = await Task.WhenAll(burst);

        Assert.All(answers, a => Assert.Equal("Incorrect username or password.", a.Text("#login-error")));
        Assert.Null(right.Field("wresult"));
        Assert.Equal("Incorrect username or password.", right.Text("#login-error"));
        Assert.DoesNotContain(rightBrowser.Cookies.GetAllCookies(), c => c.Name == "idpfed.session");
        Assert.DoesNotContain(attackerBrowser.Cookies.GetAllCookies(), c => c.Name == "idpfed.session");

        var events = await WaitForAuditAsync(idp, "bob@contoso.com", attacker, marker, e => e.Count == Burst + 1);
        Assert.All(events, e => Assert.Equal(AuditOutcomes.Failure, e.Outcome));
        Assert.Equal(UnfamiliarThreshold, events.Count(Checked));

        // The familiar path is a separate allowance: the office still gets in.
        using var again = idp.NewBrowser(office);
        Assert.NotNull((await again.SignInAsync("bob@contoso.com", PolicyServerFixture.Password)).Field("wresult"));
    });

    [StateFact]
    public Task A_parallel_spray_from_one_address_checks_at_most_the_IP_threshold_and_users_familiar_there_still_sign_in() =>
        WithServerAsync(async idp =>
    {
        const string nat = "198.51.100.41";
        using (var first = idp.NewBrowser(nat))
        {
            Assert.NotNull((await first.SignInAsync("alice@contoso.com", PolicyServerFixture.Password)).Field("wresult"));
        }

        var marker = DateTimeOffset.UtcNow.AddSeconds(-1);
        using var sprayer = idp.NewBrowser(nat);
        var login = await sprayer.GetAsync(WsFederationClient.SignInUrl("ctx", "someone@contoso.com"));
        var spray = Enumerable.Range(0, Burst).Select(i => Post(sprayer, login, $"spray{i}@contoso.com", "Summer2026!")).ToArray();

        await WaitForAuditAsync(idp, null, nat, marker, events => events.Any(e => e.Details?.Contains("spray", StringComparison.Ordinal) == true));
        // Inside the spray: a user never seen at this address is held by the address's block, even with the right
        // password; a user who signs in from here every day is not (issue 10 item 3).
        using var stranger = idp.NewBrowser(nat);
        var refused = await stranger.SignInAsync("mallory@contoso.com", PolicyServerFixture.Password);
        using var colleague = idp.NewBrowser(nat);
        var admitted = await colleague.SignInAsync("alice@contoso.com", PolicyServerFixture.Password);
        await Task.WhenAll(spray);

        Assert.Null(refused.Field("wresult"));
        Assert.Equal("Incorrect username or password.", refused.Text("#login-error"));
        Assert.NotNull(admitted.Field("wresult"));

        var events = await WaitForAuditAsync(idp, null, nat, marker, e => e.Count(s => s.Username?.StartsWith("spray", StringComparison.Ordinal) == true) == Burst);
        Assert.Equal(IpThreshold, events.Count(e => e.Username?.StartsWith("spray", StringComparison.Ordinal) == true && Checked(e)));
    });

    private static bool Checked(AuditEvent e) =>
        e.Reason == "invalid credentials" && e.Details?.Contains("lockout", StringComparison.Ordinal) != true;

    private static Task<Page> Post(ForwardedBrowser browser, Page form, string username, string password) =>
        Task.Run(() => browser.SubmitAsync(form, new Dictionary<string, string> { ["Username"] = username, ["Password"] = password }));

    private async Task WithServerAsync(Func<PolicyServer, Task> test)
    {
        var server = new PolicyServer(Policy, configure: Configure);
        try
        {
            await server.InitializeAsync();
            await test(server);
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    /// <summary>Polls the audit trail for failures from <paramref name="ip"/>; the deadline only bounds a broken server.</summary>
    private static async Task<IReadOnlyList<AuditEvent>> WaitForAuditAsync(PolicyServer idp, string? username, string ip, DateTimeOffset since,
        Func<IReadOnlyList<AuditEvent>, bool> done)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        IReadOnlyList<AuditEvent> events = [];
        while (DateTime.UtcNow < deadline)
        {
            events = (await idp.Directory.Audit.QueryAsync(new AuditQuery { Username = username, Since = since, Limit = 1000 }))
                .Where(e => e.ClientIp == ip && e.Outcome == AuditOutcomes.Failure)
                .ToList();
            if (done(events))
            {
                return events;
            }

            await Task.Delay(50);
        }

        throw new Xunit.Sdk.XunitException($"The audit trail from {ip} never reached the expected state; saw:\n" +
            string.Join("\n", events.Select(e => $"{e.Timestamp:O} {e.Username} {e.Reason} details={e.Details}")));
    }
}

[Trait("Kind", "Integration")]
public sealed class InMemoryParallelPasswordBurstTests : ParallelPasswordBurstTests
{
    protected override Action<JsonObject>? Configure => null;
}

[Trait("Kind", "Integration")]
public sealed class RedisParallelPasswordBurstTests : ParallelPasswordBurstTests, IRequiresRedis, IAsyncLifetime
{
    private readonly string _prefix = RedisTestEnvironment.UniquePrefix(nameof(RedisParallelPasswordBurstTests));

    protected override Action<JsonObject>? Configure => config =>
        config["Idp"]!["State"] = new JsonObject { ["Redis"] = RedisTestEnvironment.RequireEndpoint(), ["KeyPrefix"] = _prefix };

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (RedisTestEnvironment.SkipReason is null)
        {
            using var redis = RedisTestEnvironment.Connect(_prefix);
            await RedisTestEnvironment.DeleteKeysAsync(redis.Database, _prefix);
        }
    }
}
