using System.Net;
using IdpFederation.Core.Authentication;
using IdpFederation.Core.Lockout;
using IdpFederation.Core.Policies;
using IdpFederation.Core.State;
using IdpFederation.Infrastructure.State.Redis;
using IdpFederation.Tests.CoreLayer;
using IdpFederation.Tests.Policies;
using IdpFederation.Tests.State;
using Microsoft.Extensions.Logging.Abstractions;

namespace IdpFederation.Tests.Lockout;

/// <summary>
/// Extranet smart lockout through the real <see cref="PasswordAuthenticator"/>: counters per user for familiar and
/// unfamiliar IPs, a per-IP spray counter, banned IPs, log-only mode. Run over the in-memory counters with a manual
/// clock and over Redis with real expiry.
/// </summary>
public abstract class SmartLockoutTests : IAsyncLifetime
{
    protected const string Password = "Correct horse battery 1!";
    private const string Office = "203.0.113.10";

    private readonly CoreTestFactory _factory = new();
    private ICounterStore _counters = null!;

    /// <summary>The lockout window; time passes by the manual clock and, for Redis, by aging the keys' TTLs.</summary>
    protected abstract TimeSpan Window { get; }

    protected ManualTimeProvider Time => _factory.Time;

    protected CountingPasswordHasher Hasher => _factory.Hasher;

    protected abstract ICounterStore CreateCounters();

    /// <summary>Lets at least <paramref name="by"/> pass for the counters (the manual clock, and for Redis the keys' TTLs).</summary>
    protected abstract Task ElapseAsync(TimeSpan by);

    public virtual Task InitializeAsync()
    {
        _counters = CreateCounters();
        foreach (var upn in new[] { "alice@contoso.com", "bob@contoso.com", "carol@contoso.com", "dave@contoso.com" })
        {
            _factory.Directory.Add(upn, CountingPasswordHasher.HashFor(Password, 1));
        }

        return Task.CompletedTask;
    }

    public virtual Task DisposeAsync() => Task.CompletedTask;

    private PasswordAuthenticator Authenticator(string lockout = "{}", string networks = "{}")
    {
        var json = $$"""{ "networks": {{networks}}, "lockout": {{lockout}} }""";
        var node = System.Text.Json.Nodes.JsonNode.Parse(json)!;
        node["lockout"]!["window"] ??= Window.ToString("c", System.Globalization.CultureInfo.InvariantCulture);
        node["lockout"]!["unfamiliarThreshold"] ??= 3;
        node["lockout"]!["familiarThreshold"] ??= 6;
        node["lockout"]!["ipThreshold"] ??= 100;
        var policy = PolicySnippets.Compile(node.ToJsonString());
        return new PasswordAuthenticator(_factory.Directory, _factory.PasswordHasher, _factory.CreateDomainCatalog(), _factory.Options,
            new SmartLockout(_counters, new StaticPolicyProvider(policy)), new PasswordHashingGate(), NullLogger<PasswordAuthenticator>.Instance);
    }

    private static Task<PasswordAuthenticationResult> Try(PasswordAuthenticator authenticator, string user, string password, string ip) =>
        authenticator.AuthenticateAsync(user, password, IPAddress.Parse(ip));

    private static async Task FailAsync(PasswordAuthenticator authenticator, string user, params string[] ips)
    {
        foreach (var ip in ips)
        {
            var result = await Try(authenticator, user, "wrong password", ip);
            Assert.Equal(PasswordAuthenticationOutcome.InvalidCredentials, result.Outcome);
        }
    }

    private static void AssertRefused(PasswordAuthenticationResult result, string reason)
    {
        Assert.Equal(PasswordAuthenticationOutcome.InvalidCredentials, result.Outcome);
        Assert.Null(result.User);
        Assert.Equal(reason, result.Lockout);
    }

    [StateFact]
    public async Task A_spray_from_unfamiliar_IPs_locks_the_unfamiliar_path_while_the_familiar_IP_still_signs_in()
    {
        var authenticator = Authenticator();
        Assert.True((await Try(authenticator, "alice@contoso.com", Password, Office)).Succeeded);

        await FailAsync(authenticator, "alice@contoso.com", "198.51.100.1", "198.51.100.2", "2001:db8:666::3");

        AssertRefused(await Try(authenticator, "alice@contoso.com", Password, "198.51.100.4"), "locked from unfamiliar IPs");
        AssertRefused(await Try(authenticator, "alice@contoso.com", Password, "198.51.100.1"), "locked from unfamiliar IPs");
        var office = await Try(authenticator, "alice@contoso.com", Password, Office);
        Assert.True(office.Succeeded, office.Lockout);
        Assert.Null(office.Lockout);
        // Signing in at the office clears the familiar path only; the attacker is still locked out.
        AssertRefused(await Try(authenticator, "alice@contoso.com", Password, "198.51.100.5"), "locked from unfamiliar IPs");
        // Other users are untouched.
        Assert.True((await Try(authenticator, "bob@contoso.com", Password, "198.51.100.4")).Succeeded);
    }

    [StateFact]
    public async Task A_locked_attempt_runs_no_hash_at_all()
    {
        var authenticator = Authenticator();
        await FailAsync(authenticator, "alice@contoso.com", "198.51.100.1", "198.51.100.2", "198.51.100.3");
        var before = Hasher.VerifyCalls;

        AssertRefused(await Try(authenticator, "alice@contoso.com", Password, "198.51.100.4"), "locked from unfamiliar IPs");

        Assert.Equal(before, Hasher.VerifyCalls);
    }

    [StateFact]
    public async Task An_unknown_username_is_counted_and_locked_like_a_real_one_so_the_lock_reveals_no_account()
    {
        var authenticator = Authenticator();
        await FailAsync(authenticator, "nobody@contoso.com", "198.51.100.1", "198.51.100.2", "198.51.100.3");

        AssertRefused(await Try(authenticator, "nobody@contoso.com", "anything", "198.51.100.4"), "locked from unfamiliar IPs");
    }

    [StateFact]
    public async Task Parallel_wrong_passwords_check_at_most_the_threshold_and_the_right_one_inside_the_burst_gets_nothing_more()
    {
        // Issue 10: the counts were read before hashing and written after, so a burst was checked in full.
        var authenticator = Authenticator();
        var before = Hasher.VerifyCalls;
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var burst = Enumerable.Range(0, 40).Select(i => Task.Run(async () =>
        {
            await start.Task;
            return await Try(authenticator, "alice@contoso.com", "wrong " + i, $"198.51.100.{i + 1}");
        })).ToArray();
        start.SetResult();
        var results = await Task.WhenAll(burst);

        Assert.Equal(3, Hasher.VerifyCalls - before);
        Assert.Equal(37, results.Count(r => r.Lockout == "locked from unfamiliar IPs"));
        AssertRefused(await Try(authenticator, "alice@contoso.com", Password, "198.51.100.99"), "locked from unfamiliar IPs");
        Assert.Equal(3, Hasher.VerifyCalls - before);
    }

    [StateFact]
    public async Task A_parallel_spray_from_one_IP_checks_at_most_the_IP_threshold()
    {
        var authenticator = Authenticator("""{"ipThreshold":4}""");
        for (var i = 0; i < 40; i++)
        {
            _factory.Directory.Add($"user{i}@contoso.com", CountingPasswordHasher.HashFor(Password, 1));
        }

        var before = Hasher.VerifyCalls;
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var spray = Enumerable.Range(0, 40).Select(i => Task.Run(async () =>
        {
            await start.Task;
            return await Try(authenticator, $"user{i}@contoso.com", "Summer2026!", "198.51.100.66");
        })).ToArray();
        start.SetResult();
        var results = await Task.WhenAll(spray);

        Assert.Equal(4, Hasher.VerifyCalls - before);
        Assert.Equal(36, results.Count(r => r.Lockout == "IP over 4 failures (spray)"));
    }

    [StateFact]
    public async Task An_attempt_that_is_never_judged_gives_its_slots_back()
    {
        var authenticator = Authenticator("""{"ipThreshold":2}""");
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        for (var i = 0; i < 5; i++)
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
                authenticator.AuthenticateAsync("alice@contoso.com", "wrong", IPAddress.Parse("198.51.100.70"), cancelled.Token));
        }

        Assert.Equal(0, await _counters.GetAsync("badpwd:ALICE@CONTOSO.COM:unfamiliar"));
        Assert.Equal(0, await _counters.GetAsync("ipfail:198.51.100.70"));
        Assert.True((await Try(authenticator, "alice@contoso.com", Password, "198.51.100.70")).Succeeded);
    }

    [StateFact]
    public async Task A_success_gives_the_IP_slot_back_without_forgiving_the_IPs_earlier_failures()
    {
        var authenticator = Authenticator("""{"ipThreshold":3}""");
        await FailAsync(authenticator, "bob@contoso.com", "198.51.100.80");
        await FailAsync(authenticator, "carol@contoso.com", "198.51.100.80");

        Assert.True((await Try(authenticator, "alice@contoso.com", Password, "198.51.100.80")).Succeeded);

        Assert.Equal(2, await _counters.GetAsync("ipfail:198.51.100.80"));
    }

    [StateFact]
    public async Task The_lock_expires_after_the_window()
    {
        var authenticator = Authenticator();
        await FailAsync(authenticator, "alice@contoso.com", "198.51.100.1", "198.51.100.2", "198.51.100.3");
        AssertRefused(await Try(authenticator, "alice@contoso.com", Password, "198.51.100.4"), "locked from unfamiliar IPs");

        await ElapseAsync(Window);

        var result = await Try(authenticator, "alice@contoso.com", Password, "198.51.100.4");
        Assert.True(result.Succeeded, result.Lockout);
    }

    [StateFact]
    public async Task Refused_attempts_while_locked_do_not_extend_the_lock()
    {
        var authenticator = Authenticator();
        await FailAsync(authenticator, "alice@contoso.com", "198.51.100.1", "198.51.100.2", "198.51.100.3");
        await ElapseAsync(Window / 2);
        await FailAsync(authenticator, "alice@contoso.com", "198.51.100.1", "198.51.100.2");

        await ElapseAsync(Window / 2);

        Assert.True((await Try(authenticator, "alice@contoso.com", Password, "198.51.100.4")).Succeeded);
    }

    [StateFact]
    public async Task Failures_below_the_threshold_do_not_lock_and_a_success_clears_them()
    {
        var authenticator = Authenticator();
        await FailAsync(authenticator, "alice@contoso.com", "198.51.100.1", "198.51.100.2");
        Assert.True((await Try(authenticator, "alice@contoso.com", Password, "198.51.100.7")).Succeeded);

        await FailAsync(authenticator, "alice@contoso.com", "192.0.2.1", "192.0.2.2");

        Assert.True((await Try(authenticator, "alice@contoso.com", Password, "192.0.2.3")).Succeeded);
    }

    [StateFact]
    public async Task Familiar_IPs_have_their_own_higher_threshold()
    {
        var authenticator = Authenticator();
        Assert.True((await Try(authenticator, "alice@contoso.com", Password, Office)).Succeeded);

        await FailAsync(authenticator, "alice@contoso.com", Office, Office, Office, Office, Office);
        Assert.True((await Try(authenticator, "alice@contoso.com", Password, Office)).Succeeded);
        await FailAsync(authenticator, "alice@contoso.com", Office, Office, Office, Office, Office, Office);

        AssertRefused(await Try(authenticator, "alice@contoso.com", Password, Office), "locked from familiar IPs");
        // The unfamiliar path has its own count, still zero.
        Assert.True((await Try(authenticator, "alice@contoso.com", Password, "198.51.100.9")).Succeeded);
    }

    [StateFact]
    public async Task Case_and_bare_usernames_cannot_dodge_the_count()
    {
        var authenticator = Authenticator();
        await FailAsync(authenticator, "ALICE@CONTOSO.COM", "198.51.100.1");
        await FailAsync(authenticator, "alice", "198.51.100.2");
        await FailAsync(authenticator, " Alice@Contoso.com ", "198.51.100.3");

        AssertRefused(await Try(authenticator, "alice@contoso.com", Password, "198.51.100.4"), "locked from unfamiliar IPs");
    }

    [StateFact]
    public async Task One_IP_failing_across_many_users_is_blocked_as_a_spray_for_users_not_familiar_from_it()
    {
        var authenticator = Authenticator("""{"ipThreshold":4}""");
        const string sprayer = "198.51.100.66";
        foreach (var user in new[] { "bob@contoso.com", "carol@contoso.com", "dave@contoso.com", "nobody@contoso.com" })
        {
            await FailAsync(authenticator, user, sprayer);
        }

        AssertRefused(await Try(authenticator, "alice@contoso.com", Password, sprayer), "IP over 4 failures (spray)");
        // The same users from elsewhere, each with a single failure, are fine.
        Assert.True((await Try(authenticator, "alice@contoso.com", Password, "198.51.100.67")).Succeeded);
        Assert.True((await Try(authenticator, "bob@contoso.com", Password, "198.51.100.67")).Succeeded);
    }

    [StateFact]
    public async Task A_user_familiar_from_a_sprayed_shared_address_still_signs_in_and_only_within_the_familiar_allowance()
    {
        // Issue 10 item 3: one sprayer behind a NAT (or an untrusted proxy) blocked every correct sign-in from there.
        var authenticator = Authenticator("""{"ipThreshold":4}""");
        const string nat = "198.51.100.90";
        Assert.True((await Try(authenticator, "alice@contoso.com", Password, nat)).Succeeded);
        foreach (var user in new[] { "bob@contoso.com", "carol@contoso.com", "dave@contoso.com", "nobody@contoso.com", "eve@contoso.com" })
        {
            await FailAsync(authenticator, user, nat);
        }

        AssertRefused(await Try(authenticator, "bob@contoso.com", Password, nat), "IP over 4 failures (spray)");
        var alice = await Try(authenticator, "alice@contoso.com", Password, nat);
        Assert.True(alice.Succeeded, alice.Lockout);

        // Guesses at alice from behind the same NAT still lock her familiar path at its own threshold (6).
        await FailAsync(authenticator, "alice@contoso.com", Enumerable.Repeat(nat, 6).ToArray());
        AssertRefused(await Try(authenticator, "alice@contoso.com", Password, nat), "locked from familiar IPs");
    }

    [StateFact]
    public async Task A_spray_rotating_through_one_IPv6_slash_64_counts_as_one_source()
    {
        // Anyone with IPv6 holds a /64 (2^64 addresses) and can use a fresh address per attempt, so counting per
        // /128 would make the spray limit meaningless for IPv6; the subnet every host gets is the unit to count.
        var authenticator = Authenticator("""{"ipThreshold":4}""");
        var users = new[] { "bob@contoso.com", "carol@contoso.com", "dave@contoso.com", "nobody@contoso.com" };
        for (var i = 0; i < users.Length; i++)
        {
            await FailAsync(authenticator, users[i], $"2001:db8:5ca1:ab1e::{i + 1:x}");
        }

        AssertRefused(await Try(authenticator, "alice@contoso.com", Password, "2001:db8:5ca1:ab1e:ffff::99"), "IP over 4 failures (spray)");
        Assert.True((await Try(authenticator, "alice@contoso.com", Password, "2001:db8:5ca1:ab1f::1")).Succeeded);
    }

    [StateFact]
    public async Task The_spray_block_ends_with_the_window()
    {
        var authenticator = Authenticator("""{"ipThreshold":2}""");
        await FailAsync(authenticator, "bob@contoso.com", "198.51.100.66");
        await FailAsync(authenticator, "carol@contoso.com", "198.51.100.66");
        AssertRefused(await Try(authenticator, "alice@contoso.com", Password, "198.51.100.66"), "IP over 2 failures (spray)");

        await ElapseAsync(Window);

        Assert.True((await Try(authenticator, "alice@contoso.com", Password, "198.51.100.66")).Succeeded);
    }

    [StateFact]
    public async Task A_banned_IP_never_gets_a_password_checked_even_the_right_one()
    {
        var authenticator = Authenticator("""{"bannedIps":["hostile","2001:db8:bad::/48"]}""", """{"hostile":["192.0.2.0/24"]}""");

        AssertRefused(await Try(authenticator, "alice@contoso.com", Password, "192.0.2.50"), "banned IP");
        AssertRefused(await Try(authenticator, "alice@contoso.com", Password, "::ffff:192.0.2.50"), "banned IP");
        AssertRefused(await Try(authenticator, "alice@contoso.com", Password, "2001:db8:bad::1"), "banned IP");
        Assert.True((await Try(authenticator, "alice@contoso.com", Password, "192.0.3.50")).Succeeded);
        Assert.True((await Try(authenticator, "alice@contoso.com", Password, "2001:db8:bae::1")).Succeeded);
    }

    [StateFact]
    public async Task Log_only_mode_never_blocks_but_reports_what_it_would_have_done()
    {
        var authenticator = Authenticator("""{"mode":"logOnly","bannedIps":["192.0.2.0/24"]}""");
        await FailAsync(authenticator, "alice@contoso.com", "198.51.100.1", "198.51.100.2", "198.51.100.3");

        var wrong = await Try(authenticator, "alice@contoso.com", "wrong again", "198.51.100.4");
        Assert.Equal("would block (log only): locked from unfamiliar IPs", wrong.Lockout);
        var right = await Try(authenticator, "alice@contoso.com", Password, "198.51.100.4");
        Assert.True(right.Succeeded);
        Assert.Equal("would block (log only): locked from unfamiliar IPs", right.Lockout);

        var banned = await Try(authenticator, "bob@contoso.com", Password, "192.0.2.9");
        Assert.True(banned.Succeeded);
        Assert.Equal("would block (log only): banned IP", banned.Lockout);
    }

    [StateFact]
    public async Task Off_mode_counts_nothing()
    {
        var authenticator = Authenticator("""{"mode":"off","bannedIps":["192.0.2.0/24"]}""");
        await FailAsync(authenticator, "alice@contoso.com", Enumerable.Repeat("198.51.100.1", 8).ToArray());

        var result = await Try(authenticator, "alice@contoso.com", Password, "192.0.2.1");

        Assert.True(result.Succeeded);
        Assert.Null(result.Lockout);
    }
}

[Trait("Kind", "Unit")]
public sealed class InMemorySmartLockoutTests : SmartLockoutTests
{
    protected override TimeSpan Window => TimeSpan.FromMinutes(15);

    protected override ICounterStore CreateCounters() => new InMemoryCounterStore(Time);

    protected override Task ElapseAsync(TimeSpan by)
    {
        Time.Advance(by);
        return Task.CompletedTask;
    }
}

[Trait("Kind", "Integration")]
public sealed class RedisSmartLockoutTests : SmartLockoutTests, IRequiresRedis
{
    private readonly string _prefix = RedisTestEnvironment.UniquePrefix(nameof(RedisSmartLockoutTests));
    private RedisConnection? _redis;

    /// <summary>The production default: no scheduling delay can end it early, and aging the TTLs makes waiting needless.</summary>
    protected override TimeSpan Window => TimeSpan.FromMinutes(15);

    protected override ICounterStore CreateCounters() => new RedisCounterStore(_redis ??= RedisTestEnvironment.Connect(_prefix));

    protected override async Task ElapseAsync(TimeSpan by)
    {
        Time.Advance(by);
        await RedisTtlClock.AdvanceAsync(_redis!.Database, _prefix, by);
    }

    public override async Task DisposeAsync()
    {
        if (_redis is not null)
        {
            await RedisTestEnvironment.DeleteKeysAsync(_redis.Database, _prefix);
            _redis.Dispose();
        }
    }
}
