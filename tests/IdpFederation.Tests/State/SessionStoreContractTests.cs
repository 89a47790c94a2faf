using IdpFederation.Core.Sessions;
using IdpFederation.Tests.CoreLayer;

namespace IdpFederation.Tests.State;

/// <summary>
/// What every <see cref="ISessionStore"/> must do, run against the in-memory and the Redis implementation. Expiry is
/// driven by an injected clock (both implementations decide expiry from it); the Redis class adds real-TTL tests.
/// </summary>
public abstract class SessionStoreContractTests : IAsyncLifetime
{
    protected static readonly TimeSpan Sliding = TimeSpan.FromHours(1);
    protected static readonly TimeSpan Absolute = TimeSpan.FromHours(3);

    protected CoreTestFactory Factory { get; } = new(o =>
    {
        o.Session.SlidingExpiration = Sliding;
        o.Session.AbsoluteExpiration = Absolute;
    });

    protected ISessionStore Store { get; private set; } = null!;

    protected abstract ISessionStore CreateStore(CoreTestFactory factory);

    public virtual Task InitializeAsync()
    {
        Store = CreateStore(Factory);
        return Task.CompletedTask;
    }

    public virtual Task DisposeAsync() => Task.CompletedTask;

    protected async Task<SsoSession> CreateAsync(string upn = "alice@contoso.com", string? clientIp = "203.0.113.7")
    {
        var session = Factory.Session(upn) with { ClientIp = clientIp };
        await Store.CreateAsync(session);
        return session;
    }

    protected static void AssertSameSession(SsoSession expected, SsoSession? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.UserPrincipalName, actual.UserPrincipalName);
        Assert.Equal(expected.CreatedAt, actual.CreatedAt);
        Assert.Equal(expected.AuthenticatedAt, actual.AuthenticatedAt);
        Assert.Equal(expected.AuthenticationMethod, actual.AuthenticationMethod);
        Assert.Equal(expected.LastSeenAt, actual.LastSeenAt);
        Assert.Equal(expected.ExpiresAt, actual.ExpiresAt);
        Assert.Equal(expected.ClientIp, actual.ClientIp);
        Assert.Equal(expected.RelyingParties, actual.RelyingParties);
        Assert.Equal(expected.MultiFactorAuthenticatedAt, actual.MultiFactorAuthenticatedAt);
        Assert.Equal(expected.MultiFactorEnrollmentStamp, actual.MultiFactorEnrollmentStamp);
        Assert.Equal(expected.AuthenticatedForSignIn, actual.AuthenticatedForSignIn);
    }

    /// <summary>As the login page creates it (bound to its flow) and the MFA pages upgrade it (MFA with an enrolment's stamp).</summary>
    protected SsoSession UpgradedSession(string upn = "alice@contoso.com")
    {
        var mfaAt = Factory.Time.GetUtcNow() - TimeSpan.FromMilliseconds(1_234);
        return Factory.Session(upn, authenticatedAt: mfaAt - TimeSpan.FromMinutes(2), forSignIn: SessionIds.NewId()) with
        {
            ClientIp = "203.0.113.7",
            MultiFactorAuthenticatedAt = mfaAt,
            MultiFactorEnrollmentStamp = 1_741_944_413_123,
        };
    }

    [StateFact]
    public async Task A_created_session_comes_back_by_its_id_with_every_field()
    {
        var session = await CreateAsync();
        AssertSameSession(session, await Store.GetAndTouchAsync(session.Id));
    }

    [StateFact]
    public async Task A_session_without_mfa_reads_back_without_it()
    {
        var session = await CreateAsync();

        var found = await Store.GetAndTouchAsync(session.Id);

        Assert.NotNull(found);
        Assert.Null(found.MultiFactorAuthenticatedAt);
        Assert.Null(Assert.Single(await Store.ListForUserAsync("alice@contoso.com")).MultiFactorAuthenticatedAt);
    }

    [StateFact]
    public async Task A_session_created_after_mfa_keeps_the_mfa_instant_to_the_millisecond()
    {
        // As the MFA pages create it: the old session's fields with the instant of the second factor, in milliseconds
        // as everything the stores keep.
        var mfaAt = Factory.Time.GetUtcNow() - TimeSpan.FromMilliseconds(1_234);
        var session = Factory.Session("alice@contoso.com", authenticatedAt: mfaAt - TimeSpan.FromMinutes(2)) with
        {
            ClientIp = "203.0.113.7",
            MultiFactorAuthenticatedAt = mfaAt,
        };
        await Store.CreateAsync(session);

        AssertSameSession(session, await Store.GetAndTouchAsync(session.Id));
        Factory.Time.Advance(TimeSpan.FromMinutes(10));
        var touched = await Store.GetAndTouchAsync(session.Id);
        Assert.Equal(mfaAt, touched?.MultiFactorAuthenticatedAt);
        Assert.Equal(mfaAt.ToUnixTimeMilliseconds(), touched!.MultiFactorAuthenticatedAt!.Value.ToUnixTimeMilliseconds());
        Assert.Equal(mfaAt, Assert.Single(await Store.ListForUserAsync("alice@contoso.com")).MultiFactorAuthenticatedAt);
    }

    [StateFact]
    public async Task The_login_flow_and_the_enrolment_stamp_come_back_exactly()
    {
        var session = UpgradedSession();
        Assert.Equal(43, session.AuthenticatedForSignIn!.Length);
        await Store.CreateAsync(session);

        AssertSameSession(session, await Store.GetAndTouchAsync(session.Id));
        var listed = Assert.Single(await Store.ListForUserAsync("alice@contoso.com"));
        Assert.Equal(session.MultiFactorEnrollmentStamp, listed.MultiFactorEnrollmentStamp);
        Assert.Equal(session.AuthenticatedForSignIn, listed.AuthenticatedForSignIn);
    }

    [StateFact]
    public async Task A_session_without_the_login_flow_or_the_enrolment_stamp_reads_back_without_them()
    {
        var session = await CreateAsync();

        var found = await Store.GetAndTouchAsync(session.Id);

        Assert.NotNull(found);
        Assert.Null(found.MultiFactorEnrollmentStamp);
        Assert.Null(found.AuthenticatedForSignIn);
        var listed = Assert.Single(await Store.ListForUserAsync("alice@contoso.com"));
        Assert.Null(listed.MultiFactorEnrollmentStamp);
        Assert.Null(listed.AuthenticatedForSignIn);
    }

    [StateFact]
    public async Task Touches_and_relying_parties_leave_the_login_flow_and_the_enrolment_stamp_alone()
    {
        var session = UpgradedSession();
        await Store.CreateAsync(session);

        Factory.Time.Advance(TimeSpan.FromMinutes(10));
        await Store.AddRelyingPartyAsync(session.Id, "urn:federation:MicrosoftOnline");
        var found = await Store.GetAndTouchAsync(session.Id);

        AssertSameSession(session with { LastSeenAt = Factory.Time.GetUtcNow(), RelyingParties = ["urn:federation:MicrosoftOnline"] }, found);
    }

    [StateFact]
    public async Task A_session_bound_to_a_login_flow_but_without_mfa_keeps_just_the_flow()
    {
        var flow = SessionIds.NewId();
        var session = Factory.Session("alice@contoso.com", forSignIn: flow);
        await Store.CreateAsync(session);

        var found = await Store.GetAndTouchAsync(session.Id);

        Assert.Equal(SessionIds.StorageKey(flow), found?.AuthenticatedForSignIn);
        Assert.Null(found!.MultiFactorAuthenticatedAt);
        Assert.Null(found.MultiFactorEnrollmentStamp);
    }

    [StateFact]
    public async Task Relying_parties_added_to_a_session_with_mfa_leave_its_mfa_instant_alone()
    {
        var mfaAt = Factory.Time.GetUtcNow();
        var session = Factory.Session("alice@contoso.com") with { MultiFactorAuthenticatedAt = mfaAt };
        await Store.CreateAsync(session);

        await Store.AddRelyingPartyAsync(session.Id, "urn:federation:MicrosoftOnline");

        var found = await Store.GetAndTouchAsync(session.Id);
        Assert.Equal(mfaAt, found?.MultiFactorAuthenticatedAt);
        Assert.Equal(["urn:federation:MicrosoftOnline"], found!.RelyingParties);
    }

    [StateFact]
    public async Task Unknown_and_removed_ids_return_null_and_removing_twice_is_harmless()
    {
        var session = await CreateAsync();
        Assert.Null(await Store.GetAndTouchAsync(SessionIds.NewId()));

        await Store.RemoveAsync(session.Id);
        await Store.RemoveAsync(session.Id);
        await Store.RemoveAsync(SessionIds.NewId());

        Assert.Null(await Store.GetAndTouchAsync(session.Id));
    }

    [StateFact]
    public async Task A_touch_moves_last_seen_to_now_and_keeps_everything_else()
    {
        var session = await CreateAsync();
        Factory.Time.Advance(TimeSpan.FromMinutes(20));

        var touched = await Store.GetAndTouchAsync(session.Id);

        AssertSameSession(session with { LastSeenAt = Factory.Time.GetUtcNow() }, touched);
        AssertSameSession(session with { LastSeenAt = Factory.Time.GetUtcNow() }, await Store.GetAndTouchAsync(session.Id));
    }

    [StateFact]
    public async Task An_idle_session_lives_until_the_sliding_window_ends_and_not_after()
    {
        var idle = await CreateAsync();
        Factory.Time.Advance(Sliding - TimeSpan.FromSeconds(1));
        var survivor = await CreateAsync("bob@fabrikam.com");
        Assert.NotNull(await Store.GetAndTouchAsync(survivor.Id));

        Factory.Time.Advance(TimeSpan.FromSeconds(1));

        Assert.Null(await Store.GetAndTouchAsync(idle.Id));
        Assert.Null(await Store.GetAndTouchAsync(idle.Id));
        Assert.NotNull(await Store.GetAndTouchAsync(survivor.Id));
    }

    [StateFact]
    public async Task Each_touch_restarts_the_sliding_window()
    {
        var session = await CreateAsync();
        for (var i = 0; i < 3; i++)
        {
            Factory.Time.Advance(Sliding - TimeSpan.FromMinutes(1));
            Assert.NotNull(await Store.GetAndTouchAsync(session.Id));
        }
    }

    [StateFact]
    public async Task An_active_session_ends_at_the_absolute_limit_however_often_it_is_touched()
    {
        var session = await CreateAsync();
        var deadline = session.ExpiresAt;
        while (Factory.Time.GetUtcNow() + TimeSpan.FromMinutes(50) < deadline)
        {
            Factory.Time.Advance(TimeSpan.FromMinutes(50));
            Assert.NotNull(await Store.GetAndTouchAsync(session.Id));
        }

        Factory.Time.SetUtcNow(deadline - TimeSpan.FromSeconds(1));
        Assert.NotNull(await Store.GetAndTouchAsync(session.Id));
        Factory.Time.SetUtcNow(deadline);
        Assert.Null(await Store.GetAndTouchAsync(session.Id));
    }

    [StateFact]
    public async Task A_session_created_already_past_its_absolute_limit_is_never_returned()
    {
        var session = Factory.Session("alice@contoso.com") with { ExpiresAt = Factory.Time.GetUtcNow() - TimeSpan.FromSeconds(1) };
        await Store.CreateAsync(session);
        Assert.Null(await Store.GetAndTouchAsync(session.Id));
        Assert.Empty(await Store.ListForUserAsync("alice@contoso.com"));
    }

    [StateFact]
    public async Task Relying_parties_are_recorded_once_each_in_order()
    {
        var session = await CreateAsync();
        await Store.AddRelyingPartyAsync(session.Id, "urn:federation:MicrosoftOnline");
        await Store.AddRelyingPartyAsync(session.Id, "https://app.example.test/");
        await Store.AddRelyingPartyAsync(session.Id, "urn:federation:MicrosoftOnline");
        await Store.AddRelyingPartyAsync(session.Id, "https://app.example.test");

        var found = await Store.GetAndTouchAsync(session.Id);
        Assert.Equal(["urn:federation:MicrosoftOnline", "https://app.example.test/", "https://app.example.test"], found!.RelyingParties);
    }

    [StateFact]
    public async Task Adding_a_relying_party_to_an_unknown_or_ended_session_does_not_bring_it_back()
    {
        var session = await CreateAsync();
        await Store.RemoveAsync(session.Id);
        await Store.AddRelyingPartyAsync(session.Id, "urn:federation:MicrosoftOnline");
        var unknown = SessionIds.NewId();
        await Store.AddRelyingPartyAsync(unknown, "urn:federation:MicrosoftOnline");

        Assert.Null(await Store.GetAndTouchAsync(session.Id));
        Assert.Null(await Store.GetAndTouchAsync(unknown));
        Assert.Empty(await Store.ListForUserAsync("alice@contoso.com"));
    }

    [StateFact]
    public async Task Relying_parties_added_concurrently_with_touches_are_all_kept()
    {
        // Browser tabs getting tokens for different parties at once: no party may be lost to a concurrent update.
        // Four writers in tight loops, so an unsafe read-modify-write loses updates reliably rather than rarely.
        var session = await CreateAsync();
        const int Writers = 4, PerWriter = 100;
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            await start.Task;
            for (var i = 0; i < PerWriter; i++)
            {
                await Store.AddRelyingPartyAsync(session.Id, $"https://rp{w}-{i}.example.test/");
                await Store.GetAndTouchAsync(session.Id);
            }
        })).ToArray();
        start.SetResult();
        await Task.WhenAll(writers);

        var found = await Store.GetAndTouchAsync(session.Id);
        Assert.Equal(Writers * PerWriter, found!.RelyingParties.Distinct().Count());
        Assert.Equal(Writers * PerWriter, found.RelyingParties.Count);
    }

    [StateFact]
    public async Task Listing_shows_the_users_live_sessions_newest_first_whatever_the_case_of_the_name()
    {
        var oldest = await CreateAsync(clientIp: "198.51.100.1");
        Factory.Time.Advance(TimeSpan.FromMinutes(1));
        var expiring = await CreateAsync(clientIp: "198.51.100.2");
        Factory.Time.Advance(TimeSpan.FromMinutes(1));
        var removed = await CreateAsync(clientIp: "198.51.100.3");
        await Store.RemoveAsync(removed.Id);
        var newest = await CreateAsync("ALICE@CONTOSO.COM", clientIp: "198.51.100.4");
        await Store.AddRelyingPartyAsync(newest.Id, "urn:federation:MicrosoftOnline");
        await CreateAsync("bob@fabrikam.com", clientIp: "198.51.100.5");

        // Keep all but one alive past the sliding window of the one left idle.
        Factory.Time.Advance(Sliding - TimeSpan.FromMinutes(3));
        Assert.NotNull(await Store.GetAndTouchAsync(oldest.Id));
        Assert.NotNull(await Store.GetAndTouchAsync(newest.Id));
        Factory.Time.Advance(TimeSpan.FromMinutes(2));
        _ = expiring;

        var listed = await Store.ListForUserAsync("Alice@Contoso.com");

        Assert.Equal(["198.51.100.4", "198.51.100.1"], listed.Select(s => s.ClientIp));
        Assert.Equal(Factory.Time.GetUtcNow() - TimeSpan.FromMinutes(2), listed[0].LastSeenAt);
        Assert.Equal(newest.CreatedAt, listed[0].CreatedAt);
        Assert.Equal(["urn:federation:MicrosoftOnline"], listed[0].RelyingParties);
        // The listing may name a session by its ID or by the hash the store keeps (Redis shows only the hash).
        Assert.Contains(listed[1].Id, new[] { oldest.Id, SessionIds.StorageKey(oldest.Id) });
    }

    [StateFact]
    public async Task Removing_all_of_a_users_sessions_ends_each_of_them_and_no_one_elses()
    {
        var first = await CreateAsync();
        var second = await CreateAsync("Alice@Contoso.com");
        var bob = await CreateAsync("bob@fabrikam.com");

        Assert.Equal(2, await Store.RemoveAllForUserAsync("ALICE@contoso.com"));

        Assert.Null(await Store.GetAndTouchAsync(first.Id));
        Assert.Null(await Store.GetAndTouchAsync(second.Id));
        Assert.Empty(await Store.ListForUserAsync("alice@contoso.com"));
        Assert.NotNull(await Store.GetAndTouchAsync(bob.Id));
        Assert.Single(await Store.ListForUserAsync("bob@fabrikam.com"));
        Assert.Equal(0, await Store.RemoveAllForUserAsync("alice@contoso.com"));

        var after = await CreateAsync();
        Assert.NotNull(await Store.GetAndTouchAsync(after.Id));
        Assert.Single(await Store.ListForUserAsync("alice@contoso.com"));
    }
}

[Trait("Kind", "Unit")]
public sealed class InMemorySessionStoreContractTests : SessionStoreContractTests
{
    protected override ISessionStore CreateStore(CoreTestFactory factory) => factory.CreateSessionStore();
}
