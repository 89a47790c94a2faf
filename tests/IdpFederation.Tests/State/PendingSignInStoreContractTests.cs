using IdpFederation.Core.Configuration;
using IdpFederation.Core.RelyingParties;
using IdpFederation.Core.Sessions;
using IdpFederation.Core.SignIn;
using IdpFederation.Infrastructure.State.Redis;
using IdpFederation.Tests.CoreLayer;

namespace IdpFederation.Tests.State;

/// <summary>What every <see cref="IPendingSignInStore"/> must do, on the in-memory and the Redis implementation.</summary>
public abstract class PendingSignInStoreContractTests : IAsyncLifetime
{
    protected CoreTestFactory Factory { get; } = new();

    protected IPendingSignInStore Store { get; private set; } = null!;

    protected abstract IPendingSignInStore CreateStore(CoreTestFactory factory);

    /// <summary>Lets the pending entry's 15-minute lifetime run out (clock for in-memory, the key's TTL for Redis).</summary>
    protected abstract Task ExpireAsync(string id);

    public virtual Task InitializeAsync()
    {
        Store = CreateStore(Factory);
        return Task.CompletedTask;
    }

    public virtual Task DisposeAsync() => Task.CompletedTask;

    protected ValidatedSignInRequest PortalRequest() => Factory.SignInRequest() with
    {
        RelyingParty = Factory.CreateRelyingPartyCatalog().FindByRealm(CoreTestFactory.PortalRealm)!,
        ReplyUrl = CoreTestFactory.PortalAlternateReply,
        Context = "rm=0&id=passive&ru=%2f<é>\"'",
        ForceFreshAuthentication = true,
        MfaRequested = true,
        UsernameHint = "alice@contoso.com",
        ClientRequestId = Guid.NewGuid().ToString(),
    };

    protected static void AssertSameRequest(ValidatedSignInRequest expected, ValidatedSignInRequest? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected with { RelyingParty = actual.RelyingParty }, actual);
        Assert.Equal(expected.RelyingParty.Realm, actual.RelyingParty.Realm);
        Assert.Equal(expected.RelyingParty.ReplyUrls, actual.RelyingParty.ReplyUrls);
    }

    [StateFact]
    public async Task A_saved_request_comes_back_whole_under_an_unguessable_id()
    {
        var request = PortalRequest();
        var id = await Store.SaveAsync(request);
        var other = await Store.SaveAsync(Factory.SignInRequest());

        Assert.True(SessionIds.IsWellFormed(id), id);
        Assert.NotEqual(id, other);
        AssertSameRequest(request, await Store.GetAsync(id));
        AssertSameRequest(request, await Store.GetAsync(id));
        AssertSameRequest(Factory.SignInRequest(), await Store.GetAsync(other));
    }

    [StateFact]
    public async Task Unknown_and_removed_ids_return_null()
    {
        var id = await Store.SaveAsync(PortalRequest());
        var kept = await Store.SaveAsync(PortalRequest());
        Assert.Null(await Store.GetAsync(SessionIds.NewId()));

        await Store.RemoveAsync(id);
        await Store.RemoveAsync(id);

        Assert.Null(await Store.GetAsync(id));
        Assert.NotNull(await Store.GetAsync(kept));
    }

    [StateFact]
    public async Task Saves_beyond_the_cap_are_refused_until_one_is_removed()
    {
        Reconfigure(o => o.State.MaxPendingSignIns = 2);
        var first = await Store.SaveAsync(PortalRequest());
        var second = await Store.SaveAsync(PortalRequest());

        Assert.Null(await Store.TrySaveAsync(PortalRequest()));
        await Store.RemoveAsync(first);
        var third = await Store.TrySaveAsync(PortalRequest());

        Assert.NotNull(third);
        Assert.Null(await Store.TrySaveAsync(PortalRequest()));
        Assert.NotNull(await Store.GetAsync(second));
    }

    [StateFact]
    public async Task Parallel_saves_never_take_more_places_than_the_cap()
    {
        Reconfigure(o => o.State.MaxPendingSignIns = 50);

        var ids = await Task.WhenAll(Enumerable.Range(0, 400).Select(_ => Task.Run(() => Store.TrySaveAsync(Factory.SignInRequest()))));

        Assert.Equal(50, ids.Count(id => id is not null));
    }

    protected void Reconfigure(Action<IdpOptions> change)
    {
        var options = CoreTestFactory.DefaultOptions();
        change(options);
        Factory.Options.Set(options);
    }

    [StateFact]
    public async Task A_request_is_gone_once_its_lifetime_ends()
    {
        var id = await Store.SaveAsync(PortalRequest());
        await ExpireAsync(id);
        Assert.Null(await Store.GetAsync(id));
    }
}

[Trait("Kind", "Unit")]
public sealed class InMemoryPendingSignInStoreContractTests : PendingSignInStoreContractTests
{
    protected override IPendingSignInStore CreateStore(CoreTestFactory factory) => factory.CreatePendingSignInStore();

    protected override Task ExpireAsync(string id)
    {
        Factory.Time.Advance(InMemoryPendingSignInStore.Lifetime - TimeSpan.FromSeconds(1));
        Assert.NotNull(Store.GetAsync(id).Result);
        Factory.Time.Advance(TimeSpan.FromSeconds(1));
        return Task.CompletedTask;
    }
}

[Trait("Kind", "Integration")]
public sealed class RedisPendingSignInStoreContractTests(RedisStateFixture fixture) : PendingSignInStoreContractTests, IRequiresRedis, IClassFixture<RedisStateFixture>
{
    private RedisConnection Redis => fixture.Connection;

    protected override IPendingSignInStore CreateStore(CoreTestFactory factory) =>
        new RedisPendingSignInStore(Redis, factory.CreateRelyingPartyCatalog(), factory.Options);

    protected override async Task ExpireAsync(string id)
    {
        // The lifetime is a fixed 15 minutes; check Redis was told so, then let a shortened TTL run out for real.
        var ttl = await Redis.Database.KeyTimeToLiveAsync(Redis.Keys.Pending(id));
        Assert.InRange(ttl!.Value, InMemoryPendingSignInStore.Lifetime - TimeSpan.FromSeconds(30), InMemoryPendingSignInStore.Lifetime);
        Assert.True(await Redis.Database.KeyExpireAsync(Redis.Keys.Pending(id), TimeSpan.FromMilliseconds(200)));
        await Task.Delay(400);
    }

    public override async Task InitializeAsync()
    {
        await fixture.ClearAsync();
        await base.InitializeAsync();
    }

    [StateFact]
    public async Task A_record_gone_from_Redis_frees_its_place_when_the_store_is_full()
    {
        // Evicted under memory pressure or deleted by hand: the index must not keep counting it for 15 minutes.
        Reconfigure(o => o.State.MaxPendingSignIns = 2);
        var gone = await Store.SaveAsync(PortalRequest());
        await Store.SaveAsync(PortalRequest());
        await Redis.Database.KeyDeleteAsync(Redis.Keys.Pending(gone));

        Assert.NotNull(await Store.TrySaveAsync(PortalRequest()));
        Assert.Null(await Store.TrySaveAsync(PortalRequest()));
    }

    [StateFact]
    public async Task The_index_expires_with_the_records_and_holds_only_live_ids()
    {
        var id = await Store.SaveAsync(PortalRequest());
        var removed = await Store.SaveAsync(PortalRequest());
        await Store.RemoveAsync(removed);

        var ttl = await Redis.Database.KeyTimeToLiveAsync(Redis.Keys.PendingIndex);
        Assert.InRange(ttl!.Value, InMemoryPendingSignInStore.Lifetime - TimeSpan.FromSeconds(30), InMemoryPendingSignInStore.Lifetime);
        Assert.Equal([id], (await Redis.Database.SortedSetRangeByRankAsync(Redis.Keys.PendingIndex)).Select(v => (string)v!).ToArray());
    }

    [StateFact]
    public async Task A_relying_party_removed_from_the_configuration_meanwhile_makes_the_entry_unusable()
    {
        var id = await Store.SaveAsync(PortalRequest());
        var microsoft = await Store.SaveAsync(Factory.SignInRequest());

        Reconfigure(o => o.RelyingParties = [.. o.RelyingParties.Where(p => p.Realm != CoreTestFactory.PortalRealm)]);

        Assert.Null(await Store.GetAsync(id));
        Assert.NotNull(await Store.GetAsync(microsoft));
    }

    [StateFact]
    public async Task A_disabled_relying_party_or_a_withdrawn_reply_url_makes_the_entry_unusable()
    {
        var id = await Store.SaveAsync(PortalRequest());

        Reconfigure(o => o.RelyingParties.Single(p => p.Realm == CoreTestFactory.PortalRealm).ReplyUrls = [CoreTestFactory.PortalReply]);
        Assert.Null(await Store.GetAsync(id));

        Reconfigure(_ => { });
        Assert.NotNull(await Store.GetAsync(id));

        Reconfigure(o => o.RelyingParties.Single(p => p.Realm == CoreTestFactory.PortalRealm).Enabled = false);
        Assert.Null(await Store.GetAsync(id));
    }

    [StateFact]
    public async Task A_second_instance_reads_what_the_first_saved_with_its_own_relying_party_catalog()
    {
        var request = PortalRequest();
        var id = await Store.SaveAsync(request);
        using var other = fixture.ConnectAnotherInstance();
        var options = new TestOptionsMonitor<IdpOptions>(CoreTestFactory.DefaultOptions());
        var instanceB = new RedisPendingSignInStore(other, new RelyingPartyCatalog(options), options);

        AssertSameRequest(request, await instanceB.GetAsync(id));
        await instanceB.RemoveAsync(id);
        Assert.Null(await Store.GetAsync(id));
    }
}
