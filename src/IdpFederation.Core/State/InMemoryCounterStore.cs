using System.Collections.Concurrent;

namespace IdpFederation.Core.State;

/// <summary>
/// Single-instance counters with fixed windows. Expired counters are swept out (at most once per
/// <see cref="SweepInterval"/>, on a write), so a stream of random usernames or addresses cannot grow it without limit:
/// what it holds is bounded by the keys written within one window plus one sweep interval.
/// </summary>
public sealed class InMemoryCounterStore : ICounterStore
{
    /// <summary>Often enough that dead keys never outnumber live ones by much; rare enough that a sweep is noise.</summary>
    public static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, Counter> _counters = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private long _nextSweepTicks;

    public InMemoryCounterStore(TimeProvider time) => _time = time;

    /// <summary>Counters held right now, expired or not (for tests and diagnostics).</summary>
    public int Count => _counters.Count;

    public Task<long> IncrementAsync(string key, TimeSpan window, CancellationToken cancellationToken = default) =>
        Task.FromResult(Update(key, window, long.MaxValue).Count);

    public Task<CounterReservation> TryReserveAsync(string key, long limit, TimeSpan window, CancellationToken cancellationToken = default) =>
        Task.FromResult(Update(key, window, limit));

    public Task ReleaseAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        var now = _time.GetUtcNow();
        while (_counters.TryGetValue(key, out var current) && current.Expires > now && current.Value > 0)
        {
            if (_counters.TryUpdate(key, current with { Value = current.Value - 1 }, current))
            {
                break;
            }
        }

        return Task.CompletedTask;
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

    /// <summary>Adds one unless the live count has reached <paramref name="limit"/>; compare-and-swap, so racers never both pass.</summary>
    private CounterReservation Update(string key, TimeSpan window, long limit)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        var now = _time.GetUtcNow();
        SweepIfDue(now);
        while (true)
        {
            if (!_counters.TryGetValue(key, out var current) || current.Expires <= now)
            {
                if (limit <= 0)
                {
                    return new CounterReservation(false, 0);
                }

                var fresh = new Counter(1, now + window);
                if (current is null ? _counters.TryAdd(key, fresh) : _counters.TryUpdate(key, fresh, current))
                {
                    return new CounterReservation(true, 1);
                }

                continue;
            }

            if (current.Value >= limit)
            {
                return new CounterReservation(false, current.Value);
            }

            var next = current with { Value = current.Value + 1 };
            if (_counters.TryUpdate(key, next, current))
            {
                return new CounterReservation(true, next.Value);
            }
        }
    }

    private void SweepIfDue(DateTimeOffset now)
    {
        var due = Interlocked.Read(ref _nextSweepTicks);
        if (now.UtcTicks < due || Interlocked.CompareExchange(ref _nextSweepTicks, (now + SweepInterval).UtcTicks, due) != due)
        {
            return;
        }

        foreach (var (key, counter) in _counters)
        {
            if (counter.Expires <= now)
            {
                // Removes only the expired value seen here: a counter restarted meanwhile stays.
                _counters.TryRemove(new KeyValuePair<string, Counter>(key, counter));
            }
        }
    }

    private sealed record Counter(long Value, DateTimeOffset Expires);
}
