using System.Diagnostics;
using IdpFederation.Core.SignIn;

namespace IdpFederation.Infrastructure.Telemetry;

/// <summary>Times each call to the shared pending sign-in store (<see cref="RedisMetrics"/>).</summary>
public sealed class InstrumentedPendingSignInStore(IPendingSignInStore inner, RedisMetrics metrics) : IPendingSignInStore
{
    public Task<string?> TrySaveAsync(ValidatedSignInRequest request, CancellationToken cancellationToken = default) => metrics.Enabled
        ? metrics.MeasureAsync("pending.save", Stopwatch.GetTimestamp(), inner.TrySaveAsync(request, cancellationToken), cancellationToken)
        : inner.TrySaveAsync(request, cancellationToken);

    public Task<ValidatedSignInRequest?> GetAsync(string id, CancellationToken cancellationToken = default) => metrics.Enabled
        ? metrics.MeasureAsync("pending.get", Stopwatch.GetTimestamp(), inner.GetAsync(id, cancellationToken), cancellationToken)
        : inner.GetAsync(id, cancellationToken);

    public Task RemoveAsync(string id, CancellationToken cancellationToken = default) => metrics.Enabled
        ? metrics.MeasureAsync("pending.remove", Stopwatch.GetTimestamp(), inner.RemoveAsync(id, cancellationToken), cancellationToken)
        : inner.RemoveAsync(id, cancellationToken);
}
