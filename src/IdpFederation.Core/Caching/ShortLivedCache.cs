using System.Collections.Concurrent;
using IdpFederation.Core.Configuration;
using Microsoft.Extensions.Options;

namespace IdpFederation.Core.Caching;

/// <summary>
/// A read-through cache for the single sign-on path, where every token would otherwise cost a database round trip.
/// Its window is Idp:Session:UserCacheDuration, which bounds how long a change made outside this instance (the CLI,
/// another node) can go unseen; zero turns it off. Entries are judged against the current window, so a reload that
/// shortens it applies to entries already cached.
/// </summary>
public sealed class ShortLivedCache<TKey, TValue>
    where TKey : notnull
{
    /// <summary>Beyond this many entries the cache starts over, so a flood of distinct keys cannot grow it without bound.</summary>
    private const int MaxEntries = 100_000;

    private readonly ConcurrentDictionary<TKey, (TValue Value, DateTimeOffset FetchedAt)> _entries;
    private readonly IOptionsMonitor<IdpOptions> _options;
    private readonly TimeProvider _time;
    private long _nextSweepTicks;

    public ShortLivedCache(IOptionsMonitor<IdpOptions> options, TimeProvider time, IEqualityComparer<TKey>? comparer = null)
    {
        _options = options;
        _time = time;
        _entries = new ConcurrentDictionary<TKey, (TValue, DateTimeOffset)>(comparer);
    }

    /// <summary>The cached value while it is fresh, else what <paramref name="load"/> returns (which is then cached).</summary>
    public async ValueTask<TValue> GetAsync(TKey key, Func<TKey, CancellationToken, Task<TValue>> load, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(load);
        var duration = _options.CurrentValue.Session.UserCacheDuration;
        if (duration <= TimeSpan.Zero)
        {
            return await load(key, cancellationToken).ConfigureAwait(false);
        }

        var now = _time.GetUtcNow();
        if (_entries.TryGetValue(key, out var entry) && now < entry.FetchedAt + duration)
        {
            return entry.Value;
        }

        var value = await load(key, cancellationToken).ConfigureAwait(false);
        SweepIfDue(now, duration);
        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear();
        }

        _entries[key] = (value, now);
        return value;
    }

    /// <summary>Drops stale entries at most once a minute, so keys looked up once do not stay until the cap is hit.</summary>
    private void SweepIfDue(DateTimeOffset now, TimeSpan duration)
    {
        var next = Interlocked.Read(ref _nextSweepTicks);
        if (now.UtcTicks < next || Interlocked.CompareExchange(ref _nextSweepTicks, now.AddMinutes(1).UtcTicks, next) != next)
        {
            return;
        }

        foreach (var entry in _entries)
        {
            if (now >= entry.Value.FetchedAt + duration)
            {
                _entries.TryRemove(entry);
            }
        }
    }

    /// <summary>Drops an entry at once after a change made through this instance.</summary>
    public void Invalidate(TKey key) => _entries.TryRemove(key, out _);
}
