using System.Diagnostics;
using IdpFederation.Core.State;

namespace IdpFederation.Infrastructure.Telemetry;

/// <summary>Times each call to the shared counter store (lockout, MFA attempts; <see cref="RedisMetrics"/>).</summary>
public sealed class InstrumentedCounterStore(ICounterStore inner, RedisMetrics metrics) : ICounterStore
{
    public Task<long> IncrementAsync(string key, TimeSpan window, CancellationToken cancellationToken = default) => metrics.Enabled
        ? metrics.MeasureAsync("counter.increment", Stopwatch.GetTimestamp(), inner.IncrementAsync(key, window, cancellationToken), cancellationToken)
        : inner.IncrementAsync(key, window, cancellationToken);

    public Task<CounterReservation> TryReserveAsync(string key, long limit, TimeSpan window, CancellationToken cancellationToken = default) => metrics.Enabled
        ? metrics.MeasureAsync("counter.reserve", Stopwatch.GetTimestamp(), inner.TryReserveAsync(key, limit, window, cancellationToken), cancellationToken)
        : inner.TryReserveAsync(key, limit, window, cancellationToken);

    public Task ReleaseAsync(string key, CancellationToken cancellationToken = default) => metrics.Enabled
        ? metrics.MeasureAsync("counter.release", Stopwatch.GetTimestamp(), inner.ReleaseAsync(key, cancellationToken), cancellationToken)
        : inner.ReleaseAsync(key, cancellationToken);

    public Task<long> GetAsync(string key, CancellationToken cancellationToken = default) => metrics.Enabled
        ? metrics.MeasureAsync("counter.get", Stopwatch.GetTimestamp(), inner.GetAsync(key, cancellationToken), cancellationToken)
        : inner.GetAsync(key, cancellationToken);

    public Task ResetAsync(string key, CancellationToken cancellationToken = default) => metrics.Enabled
        ? metrics.MeasureAsync("counter.reset", Stopwatch.GetTimestamp(), inner.ResetAsync(key, cancellationToken), cancellationToken)
        : inner.ResetAsync(key, cancellationToken);
}
