using System.Collections.Concurrent;

namespace IdpFederation.Core.State;

/// <summary>Single-instance replay cache; expired entries are swept at most once a minute.</summary>
public sealed class InMemoryReplayCache : IReplayCache
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private long _nextSweepTicks;

    public InMemoryReplayCache(TimeProvider time) => _time = time;

    public Task<bool> TryAddAsync(string scope, string value, TimeSpan lifetime, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(value);
        var now = _time.GetUtcNow();
        Sweep(now);
        var key = scope + "\n" + value;
        var expires = now + lifetime;
        while (true)
        {
            if (_seen.TryAdd(key, expires))
            {
                return Task.FromResult(true);
            }

            // An expired entry is free to take again; compare-and-swap so two racers cannot both win it.
            if (_seen.TryGetValue(key, out var existing) && existing <= now)
            {
                if (_seen.TryUpdate(key, expires, existing))
                {
                    return Task.FromResult(true);
                }

                continue;
            }

            return Task.FromResult(false);
        }
    }

    private void Sweep(DateTimeOffset now)
    {
        var next = Interlocked.Read(ref _nextSweepTicks);
        if (now.UtcTicks < next || Interlocked.CompareExchange(ref _nextSweepTicks, now.AddMinutes(1).UtcTicks, next) != next)
        {
            return;
        }

        foreach (var (key, expires) in _seen)
        {
            if (expires <= now)
            {
                _seen.TryRemove(new KeyValuePair<string, DateTimeOffset>(key, expires));
            }
        }
    }
}
