using IdpFederation.Core.State;
using IdpFederation.Infrastructure.State.Redis;
using IdpFederation.Tests.CoreLayer;

namespace IdpFederation.Tests.State;

/// <summary>What every <see cref="IReplayCache"/> must do, on the in-memory and the Redis implementation.</summary>
public abstract class ReplayCacheContractTests : IAsyncLifetime
{
    /// <summary>Minutes, like a real token lifetime: time passes by the clock or by aging Redis TTLs, never by waiting.</summary>
    protected static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    protected ManualTimeProvider Time { get; } = new();

    protected IReplayCache Cache { get; private set; } = null!;

    protected abstract IReplayCache CreateCache();

    /// <summary>Lets at least <paramref name="by"/> pass for the cache (the clock, or the TTLs of the Redis keys).</summary>
    protected abstract Task ElapseAsync(TimeSpan by);

    public virtual Task InitializeAsync()
    {
        Cache = CreateCache();
        return Task.CompletedTask;
    }

    public virtual Task DisposeAsync() => Task.CompletedTask;

    [StateFact]
    public async Task The_first_use_is_accepted_and_the_second_refused()
    {
        Assert.True(await Cache.TryAddAsync("assertion", "_a1", TimeSpan.FromMinutes(5)));
        Assert.False(await Cache.TryAddAsync("assertion", "_a1", TimeSpan.FromMinutes(5)));
        Assert.False(await Cache.TryAddAsync("assertion", "_a1", TimeSpan.FromHours(1)));
    }

    [StateFact]
    public async Task Scopes_and_values_are_independent()
    {
        Assert.True(await Cache.TryAddAsync("assertion", "123456", TimeSpan.FromMinutes(5)));
        Assert.True(await Cache.TryAddAsync("totp:alice", "123456", TimeSpan.FromMinutes(5)));
        Assert.True(await Cache.TryAddAsync("totp:bob", "123456", TimeSpan.FromMinutes(5)));
        Assert.True(await Cache.TryAddAsync("assertion", "123457", TimeSpan.FromMinutes(5)));
        // Scope and value are not simply concatenated: ("a:b","c") is not ("a","b:c").
        Assert.True(await Cache.TryAddAsync("s:x", "y", TimeSpan.FromMinutes(5)));
        Assert.False(await Cache.TryAddAsync("totp:alice", "123456", TimeSpan.FromMinutes(5)));
    }

    [StateFact]
    public async Task Of_many_concurrent_uses_of_one_value_exactly_one_wins()
    {
        for (var round = 0; round < 10; round++)
        {
            var value = "_" + Guid.NewGuid().ToString("N");
            // Released together; awaited, not waited on, so the racers do not starve the thread pool.
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var attempts = Enumerable.Range(0, 64).Select(_ => Task.Run(async () =>
            {
                await start.Task;
                return await Cache.TryAddAsync("assertion", value, TimeSpan.FromMinutes(5));
            })).ToArray();
            start.SetResult();

            var results = await Task.WhenAll(attempts);
            Assert.Equal(1, results.Count(accepted => accepted));
        }
    }

    [StateFact]
    public async Task A_value_is_refused_for_its_whole_lifetime_and_accepted_again_after()
    {
        Assert.True(await Cache.TryAddAsync("assertion", "_a2", Lifetime));
        Assert.False(await Cache.TryAddAsync("assertion", "_a2", Lifetime));

        await ElapseAsync(Lifetime);

        Assert.True(await Cache.TryAddAsync("assertion", "_a2", Lifetime));
        Assert.False(await Cache.TryAddAsync("assertion", "_a2", Lifetime));
    }

    [StateFact]
    public async Task When_an_expired_value_is_raced_for_exactly_one_wins_again()
    {
        Assert.True(await Cache.TryAddAsync("assertion", "_a3", Lifetime));
        await ElapseAsync(Lifetime);

        var results = await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => Task.Run(() => Cache.TryAddAsync("assertion", "_a3", TimeSpan.FromMinutes(5)))));
        Assert.Equal(1, results.Count(accepted => accepted));
    }
}

[Trait("Kind", "Unit")]
public sealed class InMemoryReplayCacheContractTests : ReplayCacheContractTests
{
    protected override IReplayCache CreateCache() => new InMemoryReplayCache(Time);

    protected override Task ElapseAsync(TimeSpan by)
    {
        Time.Advance(by);
        return Task.CompletedTask;
    }

    [StateFact]
    public async Task A_value_is_still_refused_a_tick_before_its_lifetime_ends()
    {
        Assert.True(await Cache.TryAddAsync("assertion", "_b1", Lifetime));
        Time.Advance(Lifetime - TimeSpan.FromTicks(1));
        Assert.False(await Cache.TryAddAsync("assertion", "_b1", Lifetime));
        Time.Advance(TimeSpan.FromTicks(1));
        Assert.True(await Cache.TryAddAsync("assertion", "_b1", Lifetime));
    }
}

[Trait("Kind", "Integration")]
public sealed class RedisReplayCacheContractTests(RedisStateFixture fixture) : ReplayCacheContractTests, IRequiresRedis, IClassFixture<RedisStateFixture>
{
    private RedisConnection Redis => fixture.Connection;

    protected override IReplayCache CreateCache() => new RedisReplayCache(Redis);

    protected override Task ElapseAsync(TimeSpan by) => RedisTtlClock.AdvanceAsync(Redis.Database, fixture.Prefix, by);

    public override async Task InitializeAsync()
    {
        await fixture.ClearAsync();
        await base.InitializeAsync();
    }

    [StateFact]
    public async Task The_key_carries_the_lifetime_as_its_ttl_and_only_a_hash_of_the_value()
    {
        Assert.True(await Cache.TryAddAsync("totp:alice", "secret-ish 123456", TimeSpan.FromMinutes(2)));
        var key = Redis.Keys.Replay("totp:alice", "secret-ish 123456");
        Assert.DoesNotContain("123456", (string)key!, StringComparison.Ordinal);
        var ttl = await Redis.Database.KeyTimeToLiveAsync(key);
        Assert.InRange(ttl!.Value, TimeSpan.FromSeconds(110), TimeSpan.FromMinutes(2));
    }

    [StateFact]
    public async Task Redis_itself_forgets_a_value_on_its_own_clock()
    {
        Assert.True(await Cache.TryAddAsync("assertion", "_c1", TimeSpan.FromSeconds(1)));

        await RedisTtlClock.WaitUntilGoneAsync(Redis.Database, Redis.Keys.Replay("assertion", "_c1"));

        Assert.True(await Cache.TryAddAsync("assertion", "_c1", TimeSpan.FromSeconds(1)));
    }

    [StateFact]
    public async Task Two_instances_on_their_own_connections_never_both_accept_a_value()
    {
        using var other = fixture.ConnectAnotherInstance();
        var instanceB = new RedisReplayCache(other);
        var value = "_" + Guid.NewGuid().ToString("N");

        var results = await Task.WhenAll(Enumerable.Range(0, 64).Select(i => Task.Run(() =>
            (i % 2 == 0 ? Cache : instanceB).TryAddAsync("assertion", value, TimeSpan.FromMinutes(5)))));

        Assert.Equal(1, results.Count(accepted => accepted));
        Assert.False(await instanceB.TryAddAsync("assertion", value, TimeSpan.FromMinutes(5)));
    }
}
