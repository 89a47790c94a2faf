using IdpFederation.Core.Sessions;
using IdpFederation.Core.SignIn;

namespace IdpFederation.Tests.CoreLayer;

[Trait("Kind", "Unit")]
public sealed class InMemoryPendingSignInStoreTests
{
    private readonly CoreTestFactory _factory = new();
    private readonly InMemoryPendingSignInStore _store;

    public InMemoryPendingSignInStoreTests() => _store = _factory.CreatePendingSignInStore();

    [Fact]
    public async Task A_saved_request_is_returned_by_its_id()
    {
        var request = _factory.SignInRequest(forceFresh: true);

        var id = await _store.SaveAsync(request);

        Assert.Same(request, await _store.GetAsync(id));
    }

    [Fact]
    public async Task Get_does_not_consume_the_request()
    {
        var id = await _store.SaveAsync(_factory.SignInRequest());

        Assert.NotNull(await _store.GetAsync(id));
        Assert.NotNull(await _store.GetAsync(id));
    }

    [Fact]
    public async Task Remove_forgets_only_that_request()
    {
        var first = await _store.SaveAsync(_factory.SignInRequest());
        var second = await _store.SaveAsync(_factory.SignInRequest());

        await _store.RemoveAsync(first);

        Assert.Null(await _store.GetAsync(first));
        Assert.NotNull(await _store.GetAsync(second));
    }

    [Fact]
    public async Task Removing_an_unknown_id_is_harmless()
    {
        var id = await _store.SaveAsync(_factory.SignInRequest());

        await _store.RemoveAsync(SessionIds.NewId());

        Assert.NotNull(await _store.GetAsync(id));
    }

    [Fact]
    public async Task An_unknown_id_returns_null() => Assert.Null(await _store.GetAsync(SessionIds.NewId()));

    [Fact]
    public void The_lifetime_is_fifteen_minutes() => Assert.Equal(TimeSpan.FromMinutes(15), InMemoryPendingSignInStore.Lifetime);

    [Fact]
    public async Task A_request_lives_just_under_fifteen_minutes_and_is_gone_at_fifteen()
    {
        var id = await _store.SaveAsync(_factory.SignInRequest());

        _factory.Time.Advance(TimeSpan.FromMinutes(15) - TimeSpan.FromTicks(1));
        Assert.NotNull(await _store.GetAsync(id));

        _factory.Time.Advance(TimeSpan.FromTicks(1));
        Assert.Null(await _store.GetAsync(id));
    }

    [Fact]
    public async Task Reading_does_not_extend_the_lifetime()
    {
        var id = await _store.SaveAsync(_factory.SignInRequest());

        for (var i = 0; i < 14; i++)
        {
            _factory.Time.Advance(TimeSpan.FromMinutes(1));
            Assert.NotNull(await _store.GetAsync(id));
        }

        _factory.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Null(await _store.GetAsync(id));
    }

    [Fact]
    public async Task A_later_save_sweeps_expired_requests_so_a_rewound_clock_cannot_revive_them()
    {
        var old = await _store.SaveAsync(_factory.SignInRequest());
        _factory.Time.Advance(TimeSpan.FromMinutes(16));
        await _store.SaveAsync(_factory.SignInRequest());

        _factory.Time.SetUtcNow(ManualTimeProvider.DefaultStart);

        Assert.Null(await _store.GetAsync(old));
    }

    [Fact]
    public async Task Ids_are_unguessable_43_character_base64url_and_unique()
    {
        var ids = new List<string>();
        for (var i = 0; i < 1_000; i++)
        {
            ids.Add(await _store.SaveAsync(_factory.SignInRequest()));
        }

        Assert.All(ids, id => Assert.True(SessionIds.IsWellFormed(id), id));
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task Ids_are_case_sensitive()
    {
        var id = await _store.SaveAsync(_factory.SignInRequest());
        var flipped = new string(id.Select(c => char.IsUpper(c) ? char.ToLowerInvariant(c) : char.ToUpperInvariant(c)).ToArray());
        Assert.NotEqual(id, flipped);

        Assert.Null(await _store.GetAsync(flipped));
    }
}

[Trait("Kind", "Unit")]
public sealed class SignInAuditorTests
{
    private readonly CoreTestFactory _factory = new();

    [Fact]
    public async Task A_success_is_written_with_the_clock_time_and_every_field()
    {
        await _factory.CreateSignInAuditor().SucceededAsync("alice@contoso.com", "urn:federation:MicrosoftOnline", "203.0.113.9", "password", "corr-1");

        var written = Assert.Single(_factory.AuditLog.Events);
        Assert.Equal(ManualTimeProvider.DefaultStart, written.Timestamp);
        Assert.Equal("SignIn", written.EventType);
        Assert.Equal("Success", written.Outcome);
        Assert.Equal("alice@contoso.com", written.Username);
        Assert.Equal("urn:federation:MicrosoftOnline", written.RelyingParty);
        Assert.Equal("203.0.113.9", written.ClientIp);
        Assert.Equal("password", written.Reason);
        Assert.Equal("corr-1", written.CorrelationId);
    }

    [Fact]
    public async Task A_failure_is_a_sign_in_failure()
    {
        await _factory.CreateSignInAuditor().FailedAsync("mallory", null, null, SignInErrorCodes.UnknownRealm, null);

        var written = Assert.Single(_factory.AuditLog.Events);
        Assert.Equal(("SignIn", "Failure", "IDPF1003"), (written.EventType, written.Outcome, written.Reason));
        Assert.Null(written.RelyingParty);
    }

    [Fact]
    public async Task A_sign_out_has_no_relying_party()
    {
        await _factory.CreateSignInAuditor().SignedOutAsync("alice@contoso.com", "203.0.113.9", "corr-2");

        var written = Assert.Single(_factory.AuditLog.Events);
        Assert.Equal(("SignOut", "Success", "signed out"), (written.EventType, written.Outcome, written.Reason));
        Assert.Null(written.RelyingParty);
        Assert.Equal("corr-2", written.CorrelationId);
    }

    [Fact]
    public async Task Attacker_sized_fields_are_truncated_to_their_column_sizes()
    {
        await _factory.CreateSignInAuditor().FailedAsync(new string('u', 5_000), new string('r', 5_000), null, "x", new string('c', 5_000));

        var written = Assert.Single(_factory.AuditLog.Events);
        Assert.Equal(new string('u', 256), written.Username);
        Assert.Equal(new string('r', 1024), written.RelyingParty);
        Assert.Equal(new string('c', 128), written.CorrelationId);
    }

    [Fact]
    public async Task Fields_at_their_limits_are_kept_whole()
    {
        await _factory.CreateSignInAuditor().FailedAsync(new string('u', 256), "", null, "x", new string('c', 128));

        var written = Assert.Single(_factory.AuditLog.Events);
        Assert.Equal(256, written.Username?.Length);
        Assert.Equal("", written.RelyingParty);
        Assert.Equal(128, written.CorrelationId?.Length);
    }
}
