using System.Collections.Concurrent;
using IdpFederation.Core.Configuration;
using Microsoft.Extensions.Options;

namespace IdpFederation.Core.Sessions;

/// <summary>
/// Single-instance session store (the embedded default). Expired sessions are swept at most once a minute, on the
/// next create or read, so sessions nobody comes back for do not stay in memory until the process ends.
/// </summary>
public sealed class InMemorySessionStore : ISessionStore
{
    private static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, SsoSession> _sessions = new(StringComparer.Ordinal);
    private readonly IOptionsMonitor<IdpOptions> _options;
    private readonly TimeProvider _time;
    private long _nextSweepTicks;

    public InMemorySessionStore(IOptionsMonitor<IdpOptions> options, TimeProvider time)
    {
        _options = options;
        _time = time;
    }

    public Task CreateAsync(SsoSession session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        SweepIfDue(_time.GetUtcNow());
        _sessions[SessionIds.StorageKey(session.Id)] = session;
        return Task.CompletedTask;
    }

    public Task<SsoSession?> GetAndTouchAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        var key = SessionIds.StorageKey(sessionId);
        var now = _time.GetUtcNow();
        SweepIfDue(now);
        if (!_sessions.TryGetValue(key, out var session))
        {
            return Task.FromResult<SsoSession?>(null);
        }

        if (IsExpired(session, now, _options.CurrentValue.Session.SlidingExpiration))
        {
            _sessions.TryRemove(key, out _);
            return Task.FromResult<SsoSession?>(null);
        }

        // Compare-and-swap until it sticks: a concurrent touch or relying-party update must not be lost.
        while (true)
        {
            var touched = session with { LastSeenAt = now };
            if (_sessions.TryUpdate(key, touched, session))
            {
                return Task.FromResult<SsoSession?>(touched);
            }

            if (!_sessions.TryGetValue(key, out session))
            {
                return Task.FromResult<SsoSession?>(null);
            }
        }
    }

    private static bool IsExpired(SsoSession session, DateTimeOffset now, TimeSpan sliding) =>
        now >= session.ExpiresAt || now >= session.LastSeenAt + sliding;

    private void SweepIfDue(DateTimeOffset now)
    {
        var next = Interlocked.Read(ref _nextSweepTicks);
        if (now.UtcTicks < next || Interlocked.CompareExchange(ref _nextSweepTicks, (now + SweepInterval).UtcTicks, next) != next)
        {
            return;
        }

        var sliding = _options.CurrentValue.Session.SlidingExpiration;
        foreach (var entry in _sessions)
        {
            if (IsExpired(entry.Value, now, sliding))
            {
                // Only the exact entry seen: a session touched meanwhile is newer and stays.
                _sessions.TryRemove(entry);
            }
        }
    }

    public Task AddRelyingPartyAsync(string sessionId, string realm, CancellationToken cancellationToken = default)
    {
        var key = SessionIds.StorageKey(sessionId);
        while (_sessions.TryGetValue(key, out var session) && !session.RelyingParties.Contains(realm, StringComparer.Ordinal))
        {
            if (_sessions.TryUpdate(key, session with { RelyingParties = [.. session.RelyingParties, realm] }, session))
            {
                break;
            }
        }

        return Task.CompletedTask;
    }

    public Task RemoveAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        _sessions.TryRemove(SessionIds.StorageKey(sessionId), out _);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<SsoSession>> ListForUserAsync(string userPrincipalName, CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        var sliding = _options.CurrentValue.Session.SlidingExpiration;
        IReadOnlyList<SsoSession> sessions = _sessions.Values
            .Where(s => string.Equals(s.UserPrincipalName, userPrincipalName, StringComparison.OrdinalIgnoreCase))
            .Where(s => now < s.ExpiresAt && now < s.LastSeenAt + sliding)
            .OrderByDescending(s => s.CreatedAt)
            .ToArray();
        return Task.FromResult(sessions);
    }

    public Task<int> RemoveAllForUserAsync(string userPrincipalName, CancellationToken cancellationToken = default)
    {
        var removed = 0;
        foreach (var (key, session) in _sessions)
        {
            if (string.Equals(session.UserPrincipalName, userPrincipalName, StringComparison.OrdinalIgnoreCase) && _sessions.TryRemove(key, out _))
            {
                removed++;
            }
        }

        return Task.FromResult(removed);
    }
}
