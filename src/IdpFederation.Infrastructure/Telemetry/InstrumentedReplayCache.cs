using System.Diagnostics;
using IdpFederation.Core.State;

namespace IdpFederation.Infrastructure.Telemetry;

/// <summary>Times each call to the shared replay cache (one-time codes; <see cref="RedisMetrics"/>).</summary>
public sealed class InstrumentedReplayCache(IReplayCache inner, RedisMetrics metrics) : IReplayCache
{
    public Task<bool> TryAddAsync(string scope, string value, TimeSpan lifetime, CancellationToken cancellationToken = default) => metrics.Enabled
        ? metrics.MeasureAsync("replay.add", Stopwatch.GetTimestamp(), inner.TryAddAsync(scope, value, lifetime, cancellationToken), cancellationToken)
        : inner.TryAddAsync(scope, value, lifetime, cancellationToken);
}
