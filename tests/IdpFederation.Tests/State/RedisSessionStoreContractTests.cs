using IdpFederation.Core.Configuration;
using IdpFederation.Core.Sessions;
using IdpFederation.Infrastructure.State.Redis;
using IdpFederation.Tests.CoreLayer;
using StackExchange.Redis;

namespace IdpFederation.Tests.State;

/// <summary>The session contract on a real Redis, plus what only Redis has: real TTLs, hashed keys, compact records.</summary>
[Trait("Kind", "Integration")]
public sealed class RedisSessionStoreContractTests(RedisStateFixture fixture) : SessionStoreContractTests, IRequiresRedis, IClassFixture<RedisStateFixture>
{
    private RedisConnection Redis => fixture.Connection;

    protected override ISessionStore CreateStore(CoreTestFactory factory) => new RedisSessionStore(Redis, factory.Options, factory.Time);

    public override async Task InitializeAsync()
    {
        await fixture.ClearAsync();
        await base.InitializeAsync();
    }

    /// <summary>A store with its own windows, on the real clock (Redis must expire the keys) or the manual one.</summary>
    private RedisSessionStore StoreWith(TimeSpan sliding, TimeSpan absolute, TimeProvider time)
    {
        var options = CoreTestFactory.DefaultOptions();
        options.Session.SlidingExpiration = sliding;
        options.Session.AbsoluteExpiration = absolute;
        return new RedisSessionStore(Redis, new TestOptionsMonitor<IdpOptions>(options), time);
    }

    private static SsoSession NewSession(string upn, DateTimeOffset now, TimeSpan absolute)
    {
        now = DateTimeOffset.FromUnixTimeMilliseconds(now.ToUnixTimeMilliseconds());
        return new SsoSession
        {
            Id = SessionIds.NewId(),
            UserPrincipalName = upn,
            CreatedAt = now,
            AuthenticatedAt = now,
            AuthenticationMethod = "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport",
            LastSeenAt = now,
            ExpiresAt = now + absolute,
            ClientIp = "203.0.113.7",
        };
    }

    private RedisKey SessionKey(string id) => Redis.Keys.Session(SessionIds.StorageKey(id));

    private async Task<TimeSpan> TtlAsync(RedisKey key) => (await Redis.Database.KeyTimeToLiveAsync(key))!.Value;

    [StateFact]
    public async Task Redis_drops_an_idle_session_when_its_sliding_ttl_runs_out()
    {
        var store = StoreWith(TimeSpan.FromSeconds(1), TimeSpan.FromHours(1), TimeProvider.System);
        var session = NewSession("alice@contoso.com", DateTimeOffset.UtcNow, TimeSpan.FromHours(1));
        await store.CreateAsync(session);
        // No TTL left to read means Redis already expired it, which a stall of over a second on a busy machine allows.
        Assert.InRange(await Redis.Database.KeyTimeToLiveAsync(SessionKey(session.Id)) ?? TimeSpan.Zero, TimeSpan.Zero, TimeSpan.FromSeconds(1));

        // Redis's own clock ends it: wait for that, however long a loaded machine takes to get there.
        await RedisTtlClock.WaitUntilGoneAsync(Redis.Database, SessionKey(session.Id));
        Assert.Null(await store.GetAndTouchAsync(session.Id));
    }

    [StateFact]
    public async Task A_touch_slides_the_redis_ttl()
    {
        // Time passes by the store's clock and by aging the key's TTL together, so nothing depends on real waits.
        var store = StoreWith(TimeSpan.FromMinutes(10), TimeSpan.FromHours(8), Factory.Time);
        var session = NewSession("alice@contoso.com", Factory.Time.GetUtcNow(), TimeSpan.FromHours(8));
        await store.CreateAsync(session);

        await ElapseAsync(TimeSpan.FromMinutes(8));
        Assert.InRange(await TtlAsync(SessionKey(session.Id)), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2));
        Assert.NotNull(await store.GetAndTouchAsync(session.Id));
        // The touch restored the whole sliding window.
        Assert.InRange(await TtlAsync(SessionKey(session.Id)), TimeSpan.FromMinutes(9), TimeSpan.FromMinutes(10));

        await ElapseAsync(TimeSpan.FromMinutes(8));
        // 16 min after creation, beyond the 10 min window, yet alive: the touch restarted it.
        Assert.NotNull(await store.GetAndTouchAsync(session.Id));
    }

    [StateFact]
    public async Task Redis_drops_an_active_session_at_its_absolute_limit()
    {
        var store = StoreWith(TimeSpan.FromHours(1), TimeSpan.FromHours(8), Factory.Time);
        var session = NewSession("alice@contoso.com", Factory.Time.GetUtcNow(), TimeSpan.FromHours(8));
        await store.CreateAsync(session);
        Assert.InRange(await TtlAsync(SessionKey(session.Id)), TimeSpan.FromMinutes(59), TimeSpan.FromHours(1));

        // Active all day: each touch slides the TTL, but never past the absolute limit, however long the sliding window.
        for (var i = 0; i < 9; i++)
        {
            await ElapseAsync(TimeSpan.FromMinutes(50));
            Assert.NotNull(await store.GetAndTouchAsync(session.Id));
        }

        // 7 h 30 min in: the touch gave the 30 min left to the absolute limit, not the hour of sliding window.
        Assert.InRange(await TtlAsync(SessionKey(session.Id)), TimeSpan.FromMinutes(29), TimeSpan.FromMinutes(30));

        await ElapseAsync(TimeSpan.FromMinutes(30));
        Assert.False(await Redis.Database.KeyExistsAsync(SessionKey(session.Id)));
        Assert.Null(await store.GetAndTouchAsync(session.Id));
        Assert.Empty(await store.ListForUserAsync("alice@contoso.com"));
    }

    [StateFact]
    public async Task The_user_index_expires_with_the_users_last_session()
    {
        var store = StoreWith(TimeSpan.FromHours(1), TimeSpan.FromSeconds(1), TimeProvider.System);
        await store.CreateAsync(NewSession("alice@contoso.com", DateTimeOffset.UtcNow, TimeSpan.FromSeconds(1)));
        var index = Redis.Keys.UserSessions("alice@contoso.com");
        Assert.InRange(await Redis.Database.KeyTimeToLiveAsync(index) ?? TimeSpan.Zero, TimeSpan.Zero, TimeSpan.FromSeconds(1));

        await RedisTtlClock.WaitUntilGoneAsync(Redis.Database, index);
    }

    /// <summary>The store's clock and Redis's TTLs move on together.</summary>
    private async Task ElapseAsync(TimeSpan by)
    {
        Factory.Time.Advance(by);
        await RedisTtlClock.AdvanceAsync(Redis.Database, fixture.Prefix, by);
    }

    [StateFact]
    public async Task Keys_hold_only_the_hash_of_the_session_id_and_a_session_takes_well_under_1_KiB()
    {
        var session = await CreateAsync();
        await Store.AddRelyingPartyAsync(session.Id, "urn:federation:MicrosoftOnline");

        var keys = (RedisResult[])(await Redis.Database.ScriptEvaluateAsync("return redis.call('KEYS', ARGV[1])", values: [fixture.Prefix + "*"]))!;
        var names = keys.Select(k => (string)k!).ToArray();
        Assert.Contains((string)SessionKey(session.Id)!, names);
        Assert.Contains((string)Redis.Keys.UserSessions("alice@contoso.com")!, names);
        Assert.DoesNotContain(names, n => n.Contains(session.Id, StringComparison.Ordinal));
        var values = await Redis.Database.HashGetAllAsync(SessionKey(session.Id));
        Assert.DoesNotContain(values, v => ((string)v.Value!).Contains(session.Id, StringComparison.Ordinal));

        var bytes = (long)await Redis.Database.ScriptEvaluateAsync("return redis.call('MEMORY', 'USAGE', KEYS[1], 'SAMPLES', 0)", [SessionKey(session.Id)]);
        // Three quarters of a KiB even with this test's long key prefix; docs/benchmarks.md has the production figure.
        Assert.InRange(bytes, 1, 768);
    }

    [StateFact]
    public async Task The_mfa_instant_is_stored_in_unix_milliseconds_and_only_when_there_is_one()
    {
        var plain = await CreateAsync();
        var mfaAt = Factory.Time.GetUtcNow() - TimeSpan.FromMilliseconds(1_234);
        var withMfa = Factory.Session("bob@fabrikam.com") with { MultiFactorAuthenticatedAt = mfaAt };
        await Store.CreateAsync(withMfa);

        var plainRecord = (string)(await Redis.Database.HashGetAsync(SessionKey(plain.Id), "r"))!;
        var mfaRecord = (string)(await Redis.Database.HashGetAsync(SessionKey(withMfa.Id), "r"))!;

        // Sessions written before MFA existed have no "f" either, and read back without MFA.
        Assert.DoesNotContain("\"f\"", plainRecord, StringComparison.Ordinal);
        Assert.Contains($"\"f\":{mfaAt.ToUnixTimeMilliseconds()}", mfaRecord, StringComparison.Ordinal);
    }

    [StateFact]
    public async Task A_second_instance_sees_the_mfa_instant_written_by_the_first()
    {
        var mfaAt = Factory.Time.GetUtcNow();
        var session = Factory.Session("alice@contoso.com") with { MultiFactorAuthenticatedAt = mfaAt };
        await Store.CreateAsync(session);
        using var other = fixture.ConnectAnotherInstance();

        var seen = await new RedisSessionStore(other, Factory.Options, Factory.Time).GetAndTouchAsync(session.Id);

        Assert.Equal(mfaAt, seen?.MultiFactorAuthenticatedAt);
    }

    [StateFact]
    public async Task The_login_flow_and_the_enrolment_stamp_are_stored_compactly_and_only_when_there_are_some()
    {
        var plain = await CreateAsync();
        var upgraded = UpgradedSession("bob@fabrikam.com");
        await Store.CreateAsync(upgraded);

        var plainRecord = (string)(await Redis.Database.HashGetAsync(SessionKey(plain.Id), "r"))!;
        var upgradedRecord = (string)(await Redis.Database.HashGetAsync(SessionKey(upgraded.Id), "r"))!;

        // Sessions written before these fields existed have neither, and read back without them.
        Assert.DoesNotContain("\"e\"", plainRecord, StringComparison.Ordinal);
        Assert.DoesNotContain("\"s\"", plainRecord, StringComparison.Ordinal);
        Assert.Contains($"\"e\":{upgraded.MultiFactorEnrollmentStamp}", upgradedRecord, StringComparison.Ordinal);
        Assert.Contains($"\"s\":\"{upgraded.AuthenticatedForSignIn}\"", upgradedRecord, StringComparison.Ordinal);
        // The flow is kept as its hash, never the pending sign-in's ID itself.
        Assert.Equal(43, upgraded.AuthenticatedForSignIn!.Length);
    }

    [StateFact]
    public async Task A_session_with_every_field_still_takes_well_under_1_KiB()
    {
        var session = UpgradedSession();
        await Store.CreateAsync(session);
        await Store.AddRelyingPartyAsync(session.Id, "urn:federation:MicrosoftOnline");

        var bytes = (long)await Redis.Database.ScriptEvaluateAsync("return redis.call('MEMORY', 'USAGE', KEYS[1], 'SAMPLES', 0)", [SessionKey(session.Id)]);

        Assert.InRange(bytes, 1, 1024);
    }

    [StateFact]
    public async Task A_second_instance_sees_the_login_flow_and_the_enrolment_stamp_written_by_the_first()
    {
        var session = UpgradedSession();
        await Store.CreateAsync(session);
        using var other = fixture.ConnectAnotherInstance();

        var seen = await new RedisSessionStore(other, Factory.Options, Factory.Time).GetAndTouchAsync(session.Id);

        AssertSameSession(session, seen);
    }

    [StateFact]
    public async Task Revoking_a_user_deletes_the_session_keys_and_the_index()
    {
        var one = await CreateAsync();
        var two = await CreateAsync();
        Assert.Equal(2, await Store.RemoveAllForUserAsync("alice@contoso.com"));
        Assert.False(await Redis.Database.KeyExistsAsync(SessionKey(one.Id)));
        Assert.False(await Redis.Database.KeyExistsAsync(SessionKey(two.Id)));
        Assert.False(await Redis.Database.KeyExistsAsync(Redis.Keys.UserSessions("alice@contoso.com")));
    }

    [StateFact]
    public async Task A_second_instance_on_its_own_connection_sees_and_ends_the_same_sessions()
    {
        var session = await CreateAsync();
        using var other = fixture.ConnectAnotherInstance();
        var instanceB = new RedisSessionStore(other, Factory.Options, Factory.Time);

        Factory.Time.Advance(TimeSpan.FromMinutes(5));
        AssertSameSession(session with { LastSeenAt = Factory.Time.GetUtcNow() }, await instanceB.GetAndTouchAsync(session.Id));
        await instanceB.RemoveAsync(session.Id);
        Assert.Null(await Store.GetAndTouchAsync(session.Id));
    }
}
