using System.Collections.Concurrent;

namespace IdpFederation.Core.State;

/// <summary>Single-instance counters with fixed windows.</summary>
public sealed class InMemoryCounterStore : ICounterStore
{
    private readonly ConcurrentDictionary<string, Counter> _counters = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;

    public InMemoryCounterStore(TimeProvider time) => _time = time;

    public Task<long> IncrementAsync(string key, TimeSpan window, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        var now = _time.GetUtcNow();
        var updated = _counters.AddOrUpdate(key,
            _ => new Counter(1, now + window),
            (_, current) => current.Expires <= now ? new Counter(1, now + window) : current with { Value = current.Value + 1 });
        return Task.FromResult(updated.Value);
    }

    public Task<long> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Task.FromResult(_counters.TryGetValue(key, out var counter) && counter.Expires > _time.GetUtcNow() ? counter.Value : 0);
    }

    public Task ResetAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        _counters.TryRemove(key, out _);
        return Task.CompletedTask;
    }

    private sealed record Counter(long Value, DateTimeOffset Expires);
}
