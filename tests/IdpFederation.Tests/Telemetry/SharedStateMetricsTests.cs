using IdpFederation.Core.State;
using IdpFederation.Infrastructure.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace IdpFederation.Tests.Telemetry;

/// <summary>
/// The shared-state decorators time every store call by operation and count failures, without the Redis code knowing;
/// a cancelled call is not an error. An in-memory store stands in for Redis: the decorators see only the interface.
/// </summary>
[Trait("Kind", "Unit")]
public sealed class SharedStateMetricsTests
{
    [Fact]
    public async Task Each_call_is_timed_by_operation()
    {
        using var recorder = new MeasurementRecorder();
        var store = new InstrumentedCounterStore(new InMemoryCounterStore(TimeProvider.System), new RedisMetrics(recorder.MeterFactory));

        await store.TryReserveAsync("k", 5, TimeSpan.FromMinutes(1));
        await store.GetAsync("k");

        Assert.Equal(["counter.reserve", "counter.get"], recorder.Of("idpfed.redis.duration").Select(m => m.Tags["operation"]));
        Assert.Empty(recorder.Of("idpfed.redis.errors"));
    }

    [Fact]
    public async Task A_failed_call_is_counted_and_still_fails_but_a_cancelled_one_is_not_an_error()
    {
        using var recorder = new MeasurementRecorder();
        var store = new InstrumentedReplayCache(new FailingReplayCache(), new RedisMetrics(recorder.MeterFactory));
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAsync<StateStoreUnavailableException>(() => store.TryAddAsync("totp", "1", TimeSpan.FromMinutes(1)));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.TryAddAsync("totp", "1", TimeSpan.FromMinutes(1), cancelled.Token));

        var (value, tags) = Assert.Single(recorder.Of("idpfed.redis.errors"));
        Assert.Equal(1, value);
        Assert.Equal("replay.add", tags["operation"]);
        Assert.Equal(2, recorder.Of("idpfed.redis.duration").Count());
    }

    [Fact]
    public void The_registered_stores_are_wrapped()
    {
        var services = new ServiceCollection();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ICounterStore, InMemoryCounterStore>();
        services.AddSingleton<IReplayCache>(new InMemoryReplayCache(TimeProvider.System));

        services.AddSharedStateMetrics();
        using var provider = services.BuildServiceProvider();

        Assert.IsType<InstrumentedCounterStore>(provider.GetRequiredService<ICounterStore>());
        Assert.IsType<InstrumentedReplayCache>(provider.GetRequiredService<IReplayCache>());
    }

    private sealed class FailingReplayCache : IReplayCache
    {
        public async Task<bool> TryAddAsync(string scope, string value, TimeSpan lifetime, CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
            throw new StateStoreUnavailableException();
        }
    }
}
