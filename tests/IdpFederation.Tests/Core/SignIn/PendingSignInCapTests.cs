using IdpFederation.Core.SignIn;

namespace IdpFederation.Tests.CoreLayer;

/// <summary>Issue 10 item 2: the in-memory pending store had no cap, so anonymous requests could fill memory.</summary>
[Trait("Kind", "Unit")]
public sealed class InMemoryPendingSignInCapTests
{
    private const int Cap = 3;
    private readonly CoreTestFactory _factory = new(o => o.State.MaxPendingSignIns = Cap);
    private readonly InMemoryPendingSignInStore _store;

    public InMemoryPendingSignInCapTests() => _store = _factory.CreatePendingSignInStore();

    [Fact]
    public async Task A_full_store_refuses_new_entries_until_one_is_removed()
    {
        var first = await _store.SaveAsync(_factory.SignInRequest());
        await _store.SaveAsync(_factory.SignInRequest());
        await _store.SaveAsync(_factory.SignInRequest());

        Assert.Null(await _store.TrySaveAsync(_factory.SignInRequest()));
        await _store.RemoveAsync(first);

        Assert.NotNull(await _store.TrySaveAsync(_factory.SignInRequest()));
        Assert.Null(await _store.TrySaveAsync(_factory.SignInRequest()));
        Assert.Equal(Cap, _store.Count);
    }

    [Fact]
    public async Task Expired_entries_make_room_before_anyone_is_refused()
    {
        await _store.SaveAsync(_factory.SignInRequest());
        _factory.Time.Advance(TimeSpan.FromMinutes(1));
        var kept = await _store.SaveAsync(_factory.SignInRequest());
        await _store.SaveAsync(_factory.SignInRequest());
        _factory.Time.Advance(InMemoryPendingSignInStore.Lifetime - TimeSpan.FromMinutes(1));

        Assert.NotNull(await _store.TrySaveAsync(_factory.SignInRequest()));
        Assert.Null(await _store.TrySaveAsync(_factory.SignInRequest()));
        Assert.NotNull(await _store.GetAsync(kept));
    }

    [Fact]
    public async Task Expired_entries_leave_the_store_at_the_next_call_without_waiting_for_a_sweep()
    {
        await _store.SaveAsync(_factory.SignInRequest());
        await _store.SaveAsync(_factory.SignInRequest());
        _factory.Time.Advance(InMemoryPendingSignInStore.Lifetime);

        Assert.Null(await _store.GetAsync(Core.Sessions.SessionIds.NewId()));

        Assert.Equal(0, _store.Count);
    }

    [Fact]
    public async Task The_cap_follows_a_configuration_reload()
    {
        await _store.SaveAsync(_factory.SignInRequest());
        var options = CoreTestFactory.DefaultOptions();
        options.State.MaxPendingSignIns = 1;
        _factory.Options.Set(options);

        Assert.Null(await _store.TrySaveAsync(_factory.SignInRequest()));
    }

    [Fact]
    public async Task Parallel_saves_never_take_more_places_than_the_cap()
    {
        var options = CoreTestFactory.DefaultOptions();
        options.State.MaxPendingSignIns = 100;
        _factory.Options.Set(options);

        var ids = await Task.WhenAll(Enumerable.Range(0, 1_000).Select(_ => Task.Run(() => _store.TrySaveAsync(_factory.SignInRequest()))));

        Assert.Equal(100, ids.Count(id => id is not null));
        Assert.Equal(100, _store.Count);
    }
}
