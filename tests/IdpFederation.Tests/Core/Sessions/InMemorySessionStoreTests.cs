using System.Reflection;
using IdpFederation.Core.Sessions;

namespace IdpFederation.Tests.CoreLayer;

[Trait("Kind", "Unit")]
public sealed class InMemorySessionStoreTests
{
    private readonly CoreTestFactory _factory = new(o =>
    {
        o.Session.SlidingExpiration = TimeSpan.FromHours(1);
        o.Session.AbsoluteExpiration = TimeSpan.FromHours(3);
    });

    private readonly InMemorySessionStore _store;

    public InMemorySessionStoreTests() => _store = _factory.CreateSessionStore();

    private async Task<SsoSession> CreateAsync(string upn = "alice@contoso.com")
    {
        var session = _factory.Session(upn);
        await _store.CreateAsync(session);
        return session;
    }

    [Fact]
    public async Task A_created_session_is_returned_by_its_id()
    {
        var session = await CreateAsync();

        var found = await _store.GetAndTouchAsync(session.Id);

        Assert.Equal(session, found);
    }

    [Fact]
    public async Task An_unknown_id_returns_null()
    {
        await CreateAsync();

        Assert.Null(await _store.GetAndTouchAsync(SessionIds.NewId()));
        Assert.Null(await _store.GetAndTouchAsync(""));
    }

    [Fact]
    public async Task Get_moves_LastSeenAt_to_now()
    {
        var session = await CreateAsync();
        _factory.Time.Advance(TimeSpan.FromMinutes(20));

        var touched = await _store.GetAndTouchAsync(session.Id);

        Assert.Equal(_factory.Time.GetUtcNow(), touched?.LastSeenAt);
        Assert.Equal(session.CreatedAt, touched?.CreatedAt);
        Assert.Equal(session.AuthenticatedAt, touched?.AuthenticatedAt);
        Assert.Equal(session.ExpiresAt, touched?.ExpiresAt);
    }

    [Fact]
    public async Task An_idle_session_lives_until_just_before_the_sliding_window_ends()
    {
        var session = await CreateAsync();
        _factory.Time.Advance(TimeSpan.FromHours(1) - TimeSpan.FromTicks(1));

        Assert.NotNull(await _store.GetAndTouchAsync(session.Id));
    }

    [Fact]
    public async Task An_idle_session_expires_exactly_when_the_sliding_window_ends()
    {
        var session = await CreateAsync();
        _factory.Time.Advance(TimeSpan.FromHours(1));

        Assert.Null(await _store.GetAndTouchAsync(session.Id));
    }

    [Fact]
    public async Task An_idle_session_is_gone_for_good_once_expired()
    {
        var session = await CreateAsync();
        _factory.Time.Advance(TimeSpan.FromHours(1));
        Assert.Null(await _store.GetAndTouchAsync(session.Id));

        // Winding the clock back must not resurrect it: expiry removed it.
        _factory.Time.SetUtcNow(ManualTimeProvider.DefaultStart);

        Assert.Null(await _store.GetAndTouchAsync(session.Id));
    }

    [Fact]
    public async Task Touching_extends_the_sliding_window()
    {
        var session = await CreateAsync();

        // Two touches 50 minutes apart keep a session with a one-hour window alive for 100 minutes...
        for (var i = 0; i < 2; i++)
        {
            _factory.Time.Advance(TimeSpan.FromMinutes(50));
            Assert.NotNull(await _store.GetAndTouchAsync(session.Id));
        }

        // ...and the window runs from the last touch: an hour later (160 minutes in, still inside the three-hour
        // absolute limit) it has expired.
        _factory.Time.Advance(TimeSpan.FromMinutes(60));
        Assert.True(_factory.Time.GetUtcNow() < session.ExpiresAt);
        Assert.Null(await _store.GetAndTouchAsync(session.Id));
    }

    [Fact]
    public async Task The_absolute_limit_wins_even_for_an_active_session()
    {
        var session = await CreateAsync();

        for (var elapsed = TimeSpan.Zero; elapsed < TimeSpan.FromHours(3) - TimeSpan.FromMinutes(30); elapsed += TimeSpan.FromMinutes(30))
        {
            _factory.Time.Advance(TimeSpan.FromMinutes(30));
            Assert.NotNull(await _store.GetAndTouchAsync(session.Id));
        }

        _factory.Time.SetUtcNow(session.ExpiresAt - TimeSpan.FromTicks(1));
        Assert.NotNull(await _store.GetAndTouchAsync(session.Id));

        _factory.Time.SetUtcNow(session.ExpiresAt);
        Assert.Null(await _store.GetAndTouchAsync(session.Id));
    }

    [Fact]
    public async Task The_sliding_window_follows_a_reload()
    {
        var session = await CreateAsync();
        _factory.Time.Advance(TimeSpan.FromMinutes(20));

        var reloaded = CoreTestFactory.DefaultOptions();
        reloaded.Session.SlidingExpiration = TimeSpan.FromMinutes(15);
        _factory.Options.Set(reloaded);

        Assert.Null(await _store.GetAndTouchAsync(session.Id));
    }

    [Fact]
    public async Task Remove_ends_one_session()
    {
        var first = await CreateAsync();
        var second = await CreateAsync();

        await _store.RemoveAsync(first.Id);

        Assert.Null(await _store.GetAndTouchAsync(first.Id));
        Assert.NotNull(await _store.GetAndTouchAsync(second.Id));
    }

    [Fact]
    public async Task Removing_an_unknown_session_is_harmless()
    {
        var session = await CreateAsync();

        await _store.RemoveAsync(SessionIds.NewId());

        Assert.NotNull(await _store.GetAndTouchAsync(session.Id));
    }

    [Fact]
    public async Task Remove_all_for_user_ends_every_session_of_that_user_ignoring_case_and_counts_them()
    {
        var a1 = await CreateAsync("alice@contoso.com");
        var a2 = await CreateAsync("Alice@Contoso.com");
        var bob = await CreateAsync("bob@contoso.com");

        var removed = await _store.RemoveAllForUserAsync("ALICE@CONTOSO.COM");

        Assert.Equal(2, removed);
        Assert.Null(await _store.GetAndTouchAsync(a1.Id));
        Assert.Null(await _store.GetAndTouchAsync(a2.Id));
        Assert.NotNull(await _store.GetAndTouchAsync(bob.Id));
        Assert.Equal(0, await _store.RemoveAllForUserAsync("alice@contoso.com"));
    }

    [Fact]
    public async Task Remove_all_for_user_does_not_match_on_a_prefix()
    {
        await CreateAsync("alice@contoso.com.au");

        Assert.Equal(0, await _store.RemoveAllForUserAsync("alice@contoso.com"));
    }

    [Fact]
    public async Task AddRelyingParty_records_each_realm_once_in_first_seen_order()
    {
        var session = await CreateAsync();

        await _store.AddRelyingPartyAsync(session.Id, "urn:federation:MicrosoftOnline");
        await _store.AddRelyingPartyAsync(session.Id, CoreTestFactory.PortalRealm);
        await _store.AddRelyingPartyAsync(session.Id, "urn:federation:MicrosoftOnline");

        Assert.Equal(["urn:federation:MicrosoftOnline", CoreTestFactory.PortalRealm], (await _store.GetAndTouchAsync(session.Id))?.RelyingParties);
    }

    [Fact]
    public async Task AddRelyingParty_treats_realms_ordinally()
    {
        var session = await CreateAsync();

        await _store.AddRelyingPartyAsync(session.Id, "urn:federation:MicrosoftOnline");
        await _store.AddRelyingPartyAsync(session.Id, "urn:federation:microsoftonline");

        Assert.Equal(2, (await _store.GetAndTouchAsync(session.Id))?.RelyingParties.Count);
    }

    [Fact]
    public async Task AddRelyingParty_on_an_unknown_session_creates_nothing()
    {
        var id = SessionIds.NewId();

        await _store.AddRelyingPartyAsync(id, "urn:federation:MicrosoftOnline");

        Assert.Null(await _store.GetAndTouchAsync(id));
    }

    [Fact]
    public async Task AddRelyingParty_does_not_touch_the_session()
    {
        var session = await CreateAsync();
        _factory.Time.Advance(TimeSpan.FromMinutes(59));

        await _store.AddRelyingPartyAsync(session.Id, "urn:federation:MicrosoftOnline");
        _factory.Time.Advance(TimeSpan.FromMinutes(1));

        Assert.Null(await _store.GetAndTouchAsync(session.Id));
    }

    [Fact]
    public async Task The_store_is_keyed_by_a_hash_of_the_id_never_the_raw_id()
    {
        var session = await CreateAsync();

        var keys = StoredKeys(_store);

        Assert.Equal([SessionIds.StorageKey(session.Id)], keys);
        Assert.DoesNotContain(session.Id, keys);
    }

    [Fact]
    public async Task The_storage_key_cannot_be_used_as_a_session_id()
    {
        var session = await CreateAsync();

        Assert.Null(await _store.GetAndTouchAsync(SessionIds.StorageKey(session.Id)));
    }

    [Fact]
    public async Task Session_ids_are_case_sensitive()
    {
        var session = await CreateAsync();
        var flipped = new string(session.Id.Select(c => char.IsUpper(c) ? char.ToLowerInvariant(c) : char.ToUpperInvariant(c)).ToArray());
        Assert.NotEqual(session.Id, flipped);

        Assert.Null(await _store.GetAndTouchAsync(flipped));
    }

    [Fact]
    public async Task Create_refuses_null() => await Assert.ThrowsAsync<ArgumentNullException>(() => _store.CreateAsync(null!));

    [Fact]
    public async Task Expired_sessions_leave_the_store_even_if_nobody_asks_for_them_again()
    {
        // Issue 10 item 2: an expired session stayed in memory until someone presented its cookie, i.e. forever.
        var idle = await CreateAsync("alice@contoso.com");
        _factory.Time.Advance(TimeSpan.FromHours(1));
        var kept = await CreateAsync("bob@contoso.com");

        Assert.DoesNotContain(SessionIds.StorageKey(idle.Id), StoredKeys(_store));
        Assert.Contains(SessionIds.StorageKey(kept.Id), StoredKeys(_store));
    }

    [Fact]
    public async Task A_session_past_its_absolute_expiry_leaves_even_though_it_was_used_all_along()
    {
        var session = await CreateAsync();
        for (var i = 0; i < 3; i++)
        {
            _factory.Time.Advance(TimeSpan.FromMinutes(59));
            Assert.NotNull(await _store.GetAndTouchAsync(session.Id));
        }

        _factory.Time.Advance(TimeSpan.FromMinutes(4));
        await CreateAsync("bob@contoso.com");

        Assert.DoesNotContain(SessionIds.StorageKey(session.Id), StoredKeys(_store));
    }

    private static string[] StoredKeys(InMemorySessionStore store)
    {
        var field = typeof(InMemorySessionStore).GetFields(BindingFlags.Instance | BindingFlags.NonPublic)
            .Single(f => f.FieldType.IsAssignableTo(typeof(IEnumerable<KeyValuePair<string, SsoSession>>)));
        var entries = (IEnumerable<KeyValuePair<string, SsoSession>>)field.GetValue(store)!;
        return entries.Select(e => e.Key).ToArray();
    }
}

[Trait("Kind", "Unit")]
public sealed class SessionIdsTests
{
    [Fact]
    public void A_new_id_is_43_base64url_characters_carrying_256_bits()
    {
        var id = SessionIds.NewId();

        Assert.Equal(43, id.Length);
        Assert.Matches("^[A-Za-z0-9_-]{43}$", id);
        var bytes = Convert.FromBase64String(id.Replace('-', '+').Replace('_', '/') + "=");
        Assert.Equal(32, bytes.Length);
        Assert.True(SessionIds.IsWellFormed(id));
    }

    [Fact]
    public void Ids_do_not_repeat_and_use_the_whole_alphabet()
    {
        var ids = Enumerable.Range(0, 10_000).Select(_ => SessionIds.NewId()).ToArray();

        Assert.Equal(ids.Length, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.All(ids, id => Assert.True(SessionIds.IsWellFormed(id)));
        // 10,000 ids x 43 characters: every one of the 64 base64url symbols shows up, including '-' and '_'.
        var used = ids.SelectMany(id => id).Distinct().Count();
        Assert.Equal(64, used);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA+")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA ")]
    [InlineData(" AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA%")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\u00e9")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\u0661")]
    public void Malformed_ids_are_refused(string? id) => Assert.False(SessionIds.IsWellFormed(id));

    [Theory]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz")]
    [InlineData("0123456789-_0123456789-_0123456789-_abcdefg")]
    public void Any_43_base64url_characters_are_well_formed(string id) => Assert.True(SessionIds.IsWellFormed(id));

    [Fact]
    public void The_storage_key_is_the_base64url_sha256_of_the_id()
    {
        const string id = "0123456789-_0123456789-_0123456789-_abcdefg";
        var expected = Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(id)))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

        Assert.Equal(expected, SessionIds.StorageKey(id));
        Assert.NotEqual(id, SessionIds.StorageKey(id));
        Assert.Equal(SessionIds.StorageKey(id), SessionIds.StorageKey(id));
        Assert.NotEqual(SessionIds.StorageKey(id), SessionIds.StorageKey(id.ToUpperInvariant()));
    }

    [Fact]
    public void The_storage_key_refuses_null() => Assert.Throws<ArgumentNullException>(() => SessionIds.StorageKey(null!));
}
