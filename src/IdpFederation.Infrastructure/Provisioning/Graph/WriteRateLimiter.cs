using System.Collections.Concurrent;

namespace IdpFederation.Infrastructure.Provisioning.Graph;

/// <summary>
/// Keeps our writes within Graph's quota of 3,000 writes per 2 min 30 s per app and tenant (entra-federation.md §6.4)
/// before Graph has to refuse them: a sliding log of the last N write times, so a write goes only when the write N
/// places back is a full window old. No window of that length ever holds more than N writes, and a long sync still
/// runs at the ceiling, which fixed or segmented windows would either exceed at their edges or stay below.
/// One limiter per app and tenant in the process, shared by scheduled runs, live mode and the CLI's client.
/// </summary>
public sealed class WriteRateLimiter
{
    private static readonly ConcurrentDictionary<string, WriteRateLimiter> Shared = new(StringComparer.Ordinal);

    private readonly DateTimeOffset[] _log;
    private readonly TimeSpan _window;
    private readonly TimeProvider _time;
    private readonly Lock _sync = new();
    private int _next;
    private DateTimeOffset _pausedUntil = DateTimeOffset.MinValue;
    private TimeSpan _pacing = TimeSpan.Zero;
    private DateTimeOffset _paceCursor = DateTimeOffset.MinValue;

    public WriteRateLimiter(int writesPerWindow, TimeSpan window, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(writesPerWindow, 1);
        _log = new DateTimeOffset[writesPerWindow];
        Array.Fill(_log, DateTimeOffset.MinValue);
        // Graph counts writes when they arrive, and the batches of one window arrive spread over the time it takes to
        // send them; each slot is kept a little longer than the window (5 %, at most a second: 0.7 % of Graph's
        // 150 s) so that spread stays inside the quota.
        _window = window + TimeSpan.FromTicks(Math.Min(window.Ticks / 20, TimeSpan.TicksPerSecond));
        _time = time;
    }

    public int WritesPerWindow => _log.Length;

    /// <summary>The window each write occupies: the configured one plus the in-flight margin.</summary>
    public TimeSpan Window => _window;

    /// <summary>The process-wide limiter of one app in one tenant at one Graph endpoint.</summary>
    public static WriteRateLimiter For(string graphBaseUrl, string tenantId, string clientId, int writesPerWindow, TimeSpan window, TimeProvider time) =>
        Shared.GetOrAdd($"{graphBaseUrl}|{tenantId}|{clientId}|{writesPerWindow}|{window.Ticks}", _ => new WriteRateLimiter(writesPerWindow, window, time));

    /// <summary>
    /// Graph refused a write with 429: no write of this app and tenant goes before its Retry-After has passed, whichever
    /// batch it belongs to, so parallel batches do not keep knocking on a closed door (Graph throttling guidance).
    /// </summary>
    public void PauseFor(TimeSpan retryAfter)
    {
        var until = _time.GetUtcNow() + retryAfter;
        lock (_sync)
        {
            _pausedUntil = until > _pausedUntil ? until : _pausedUntil;
        }
    }

    /// <summary>The time each write takes at the steady rate while Graph says its quota is nearly used; zero when it does not.</summary>
    public TimeSpan Pacing
    {
        get
        {
            lock (_sync)
            {
                return _pacing;
            }
        }
    }

    /// <summary>
    /// Graph's x-ms-throttle-limit-percentage on a response: the share of the quota used, sent only from 0.8 (Graph
    /// throttling guidance, entra-federation.md §6.4). Graph's bucket refills continuously, so when only we write it
    /// never shows more used than our log holds for the last window; when it does, someone we cannot see shares the
    /// quota (another app in the tenant) or it is smaller than configured. Then writes stop going in bursts and are
    /// spaced at the steady rate of our ceiling (one window's writes over one window), from 90 % at half that, so a
    /// quota refilled at our rate recovers. The writes just answered were never spaced, so the next write first waits
    /// for their share. Pacing stops once Graph reports no more than our own use (or under 80 %: no header).
    /// </summary>
    /// <param name="usedFraction">The header's value, 0 when it was absent.</param>
    /// <param name="writes">How many writes the response answered.</param>
    public void ReportQuotaUse(double usedFraction, int writes)
    {
        var now = _time.GetUtcNow();
        lock (_sync)
        {
            if (usedFraction < 0.8 || usedFraction <= OwnUseLocked(now))
            {
                _pacing = TimeSpan.Zero;
                return;
            }

            var steady = _window / _log.Length;
            var pacing = usedFraction >= 0.9 ? steady * 2 : steady;
            if (_pacing == TimeSpan.Zero)
            {
                var owed = now + (pacing * writes);
                _paceCursor = owed > _paceCursor ? owed : _paceCursor;
            }

            _pacing = pacing;
        }
    }

    /// <summary>The share of our ceiling taken by writes logged in the last window (reservations ahead included).</summary>
    private double OwnUseLocked(DateTimeOffset now)
    {
        var since = now - _window;
        var used = 0;
        foreach (var at in _log)
        {
            if (at > since)
            {
                used++;
            }
        }

        return (double)used / _log.Length;
    }

    /// <summary>Waits until <paramref name="writes"/> more writes fit in the window and reserves them; returns how long it waited.</summary>
    public async Task<TimeSpan> AcquireAsync(int writes, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(writes, _log.Length);
        var now = _time.GetUtcNow();
        var sendAt = now;
        lock (_sync)
        {
            sendAt = _pausedUntil > sendAt ? _pausedUntil : sendAt;
        }

        // Reservations are made at once, in arrival order, and may lie in the future: the slot a write takes is the
        // moment it is allowed to go, so later callers queue behind it without anyone waiting under the lock.
        lock (_sync)
        {
            // The batch goes at once, so every one of its writes is logged at the moment the last of them is allowed:
            // logging the earlier ones earlier would let a later batch reuse their slots too soon.
            for (var i = 0; i < writes; i++)
            {
                var previous = _log[(_next + i) % _log.Length];
                if (previous != DateTimeOffset.MinValue && previous + _window > sendAt)
                {
                    sendAt = previous + _window;
                }
            }

            if (_pacing > TimeSpan.Zero)
            {
                sendAt = _paceCursor > sendAt ? _paceCursor : sendAt;
                _paceCursor = sendAt + (_pacing * writes);
            }

            for (var i = 0; i < writes; i++)
            {
                _log[_next] = sendAt;
                _next = (_next + 1) % _log.Length;
            }
        }

        var wait = sendAt - now;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
        }

        return wait;
    }
}
