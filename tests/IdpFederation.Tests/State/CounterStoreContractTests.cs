using IdpFederation.Core.State;
using IdpFederation.Infrastructure.State.Redis;
using IdpFederation.Tests.CoreLayer;

namespace IdpFederation.Tests.State;

/// <summary>What every <see cref="ICounterStore"/> must do, on the in-memory and the Redis implementation.</summary>
public abstract class CounterStoreContractTests : IAsyncLifetime
{
    /// <summary>Minutes, like a real lockout window: time passes by the clock or by aging Redis TTLs, never by waiting.</summary>
    protected static readonly TimeSpan Window = TimeSpan.FromMinutes(10);

    protected ManualTimeProvider Time { get; } = new();

    protected ICounterStore Counters { get; private set; } = null!;

    protected abstract ICounterStore CreateStore();

    /// <summary>Lets exactly <paramref name="by"/> pass for the store (the clock, or the TTLs of the Redis keys).</summary>
    protected abstract Task ElapseAsync(TimeSpan by);

    public virtual Task InitializeAsync()
    {
        Counters = CreateStore();
        return Task.CompletedTask;
    }

    public virtual Task DisposeAsync() => Task.CompletedTask;

    [StateFact]
    public async Task Increments_count_up_from_one_and_get_reads_without_changing()
    {
        Assert.Equal(0, await Counters.GetAsync("lockout:alice"));
        Assert.Equal(1, await Counters.IncrementAsync("lockout:alice", TimeSpan.FromMinutes(5)));
        Assert.Equal(2, await Counters.IncrementAsync("lockout:alice", TimeSpan.FromMinutes(5)));
        Assert.Equal(3, await Counters.IncrementAsync("lockout:alice", TimeSpan.FromMinutes(5)));
        Assert.Equal(3, await Counters.GetAsync("lockout:alice"));
        Assert.Equal(3, await Counters.GetAsync("lockout:alice"));
        Assert.Equal(0, await Counters.GetAsync("lockout:bob"));
        Assert.Equal(1, await Counters.IncrementAsync("lockout:bob", TimeSpan.FromMinutes(5)));
    }

    [StateFact]
    public async Task Concurrent_increments_are_atomic_each_caller_gets_a_distinct_value()
    {
        // Released together; awaited, not waited on, so the racers do not starve the thread pool.
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var increments = Enumerable.Range(0, 200).Select(_ => Task.Run(async () =>
        {
            await start.Task;
            return await Counters.IncrementAsync("rate:203.0.113.7", TimeSpan.FromMinutes(5));
        })).ToArray();
        start.SetResult();

        var values = await Task.WhenAll(increments);

        Assert.Equal(Enumerable.Range(1, 200).Select(v => (long)v), values.Order());
        Assert.Equal(200, await Counters.GetAsync("rate:203.0.113.7"));
    }

    [StateFact]
    public async Task A_counter_ends_with_its_window_and_the_next_increment_starts_a_new_one()
    {
        await Counters.IncrementAsync("lockout:carol", Window);
        await Counters.IncrementAsync("lockout:carol", Window);

        await ElapseAsync(Window);

        Assert.Equal(0, await Counters.GetAsync("lockout:carol"));
        Assert.Equal(1, await Counters.IncrementAsync("lockout:carol", Window));
    }

    [StateFact]
    public async Task Later_increments_do_not_extend_the_window_the_first_one_started()
    {
        Assert.Equal(1, await Counters.IncrementAsync("lockout:dave", Window));
        await ElapseAsync(Window * 0.6);
        Assert.Equal(2, await Counters.IncrementAsync("lockout:dave", Window));
        await ElapseAsync(Window * 0.6);

        Assert.Equal(0, await Counters.GetAsync("lockout:dave"));
    }

    [StateFact]
    public async Task Reset_clears_one_counter_only()
    {
        await Counters.IncrementAsync("lockout:erin", TimeSpan.FromMinutes(5));
        await Counters.IncrementAsync("lockout:erin", TimeSpan.FromMinutes(5));
        await Counters.IncrementAsync("lockout:frank", TimeSpan.FromMinutes(5));

        await Counters.ResetAsync("lockout:erin");
        await Counters.ResetAsync("lockout:nobody");

        Assert.Equal(0, await Counters.GetAsync("lockout:erin"));
        Assert.Equal(1, await Counters.GetAsync("lockout:frank"));
        Assert.Equal(1, await Counters.IncrementAsync("lockout:erin", TimeSpan.FromMinutes(5)));
    }

    [StateFact]
    public async Task Reservations_are_granted_up_to_the_limit_then_refused_without_counting()
    {
        Assert.Equal(new CounterReservation(true, 1), await Counters.TryReserveAsync("badpwd:ivy", 2, Window));
        Assert.Equal(new CounterReservation(true, 2), await Counters.TryReserveAsync("badpwd:ivy", 2, Window));
        Assert.Equal(new CounterReservation(false, 2), await Counters.TryReserveAsync("badpwd:ivy", 2, Window));
        Assert.Equal(new CounterReservation(false, 2), await Counters.TryReserveAsync("badpwd:ivy", 2, Window));
        Assert.Equal(2, await Counters.GetAsync("badpwd:ivy"));
        Assert.Equal(new CounterReservation(false, 0), await Counters.TryReserveAsync("badpwd:zero", 0, Window));
        Assert.Equal(0, await Counters.GetAsync("badpwd:zero"));
    }

    [StateFact]
    public async Task Concurrent_reservations_grant_exactly_the_limit()
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var racers = Enumerable.Range(0, 200).Select(_ => Task.Run(async () =>
        {
            await start.Task;
            return await Counters.TryReserveAsync("badpwd:jack", 7, Window);
        })).ToArray();
        start.SetResult();

        var results = await Task.WhenAll(racers);

        Assert.Equal(Enumerable.Range(1, 7).Select(v => (long)v), results.Where(r => r.Granted).Select(r => r.Count).Order());
        Assert.All(results.Where(r => !r.Granted), r => Assert.Equal(7, r.Count));
        Assert.Equal(7, await Counters.GetAsync("badpwd:jack"));
    }

    [StateFact]
    public async Task A_release_gives_one_slot_back_keeps_the_window_and_never_goes_below_zero_or_creates_a_counter()
    {
        await Counters.TryReserveAsync("badpwd:kim", 2, Window);
        await Counters.TryReserveAsync("badpwd:kim", 2, Window);
        await ElapseAsync(Window * 0.6);

        await Counters.ReleaseAsync("badpwd:kim");
        Assert.Equal(1, await Counters.GetAsync("badpwd:kim"));
        Assert.True((await Counters.TryReserveAsync("badpwd:kim", 2, Window)).Granted);
        await Counters.ReleaseAsync("badpwd:kim");
        await Counters.ReleaseAsync("badpwd:kim");
        await Counters.ReleaseAsync("badpwd:kim");
        Assert.Equal(0, await Counters.GetAsync("badpwd:kim"));

        // The window the first reservation started still ends on time.
        Assert.True((await Counters.TryReserveAsync("badpwd:kim", 2, Window)).Granted);
        await ElapseAsync(Window * 0.6);
        Assert.Equal(0, await Counters.GetAsync("badpwd:kim"));

        await Counters.ReleaseAsync("badpwd:never");
        Assert.Equal(0, await Counters.GetAsync("badpwd:never"));
        Assert.Equal(new CounterReservation(true, 1), await Counters.TryReserveAsync("badpwd:never", 1, Window));
    }

    [StateFact]
    public async Task A_reservation_after_the_window_ended_starts_a_new_one()
    {
        await Counters.TryReserveAsync("badpwd:lee", 1, Window);
        Assert.False((await Counters.TryReserveAsync("badpwd:lee", 1, Window)).Granted);

        await ElapseAsync(Window);

        Assert.Equal(new CounterReservation(true, 1), await Counters.TryReserveAsync("badpwd:lee", 1, Window));
    }
}

[Trait("Kind", "Unit")]
public sealed class InMemoryCounterStoreContractTests : CounterStoreContractTests
{
    protected override ICounterStore CreateStore() => new InMemoryCounterStore(Time);

    protected override Task ElapseAsync(TimeSpan by)
    {
        Time.Advance(by);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Expired_counters_leave_the_store_so_random_keys_cannot_grow_it_without_limit()
    {
        // Issue 10: every random username or address left a dead counter behind for the life of the process.
        var store = (InMemoryCounterStore)Counters;
        for (var i = 0; i < 10_000; i++)
        {
            await store.IncrementAsync($"badpwd:random{i}", Window);
        }

        Time.Advance(Window + InMemoryCounterStore.SweepInterval);
        await store.IncrementAsync("badpwd:live", Window);
        await store.TryReserveAsync("badpwd:live2", 5, Window);

        Assert.Equal(2, store.Count);
        Assert.Equal(1, await store.GetAsync("badpwd:live"));
    }
}

[Trait("Kind", "Integration")]
public sealed class RedisCounterStoreContractTests(RedisStateFixture fixture) : CounterStoreContractTests, IRequiresRedis, IClassFixture<RedisStateFixture>
{
    private RedisConnection Redis => fixture.Connection;

    protected override ICounterStore CreateStore() => new RedisCounterStore(Redis);

    protected override Task ElapseAsync(TimeSpan by) => RedisTtlClock.AdvanceAsync(Redis.Database, fixture.Prefix, by);

    public override async Task InitializeAsync()
    {
        await fixture.ClearAsync();
        await base.InitializeAsync();
    }

    [StateFact]
    public async Task The_window_is_the_keys_ttl_set_by_the_first_increment_only()
    {
        await Counters.IncrementAsync("lockout:gina", TimeSpan.FromMinutes(10));
        await ElapseAsync(TimeSpan.FromMinutes(4));
        await Counters.IncrementAsync("lockout:gina", TimeSpan.FromMinutes(10));
        var ttl = await Redis.Database.KeyTimeToLiveAsync(Redis.Keys.Counter("lockout:gina"));
        // Aged to at most 6 min, and the second increment did not restore the 10 min.
        Assert.InRange(ttl!.Value, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(6));
    }

    [StateFact]
    public async Task Redis_itself_ends_the_window_on_its_own_clock()
    {
        await Counters.IncrementAsync("lockout:hana", TimeSpan.FromSeconds(1));

        await RedisTtlClock.WaitUntilGoneAsync(Redis.Database, Redis.Keys.Counter("lockout:hana"));

        Assert.Equal(0, await Counters.GetAsync("lockout:hana"));
        Assert.Equal(1, await Counters.IncrementAsync("lockout:hana", TimeSpan.FromSeconds(1)));
    }
}
