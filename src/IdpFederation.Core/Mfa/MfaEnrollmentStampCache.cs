using System.Collections.Concurrent;
using IdpFederation.Core.Configuration;
using Microsoft.Extensions.Options;

namespace IdpFederation.Core.Mfa;

/// <summary>
/// Which enrolment a user has now (its confirmation instant), read through a cache of Idp:Session:UserCacheDuration
/// like the user record, so checking that a session's MFA still belongs to the current enrolment costs no database
/// query on most single sign-on requests. A reset made elsewhere (the CLI) is seen within that duration.
/// </summary>
public sealed class MfaEnrollmentStampCache
{
    private readonly ConcurrentDictionary<Guid, (long? Stamp, DateTimeOffset Until)> _entries = new();
    private readonly IMfaEnrollmentStore _store;
    private readonly IOptionsMonitor<IdpOptions> _options;
    private readonly TimeProvider _time;

    public MfaEnrollmentStampCache(IMfaEnrollmentStore store, IOptionsMonitor<IdpOptions> options, TimeProvider time)
    {
        _store = store;
        _options = options;
        _time = time;
    }

    /// <returns>The confirmed enrolment's instant in unix milliseconds, or null when the user has no confirmed enrolment.</returns>
    public async ValueTask<long?> GetAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        if (_entries.TryGetValue(userId, out var entry) && now < entry.Until)
        {
            return entry.Stamp;
        }

        var enrollment = await _store.GetAsync(userId, cancellationToken).ConfigureAwait(false);
        var stamp = enrollment?.ConfirmedAt?.ToUnixTimeMilliseconds();
        var duration = _options.CurrentValue.Session.UserCacheDuration;
        if (duration > TimeSpan.Zero)
        {
            _entries[userId] = (stamp, now + duration);
        }

        return stamp;
    }

    /// <summary>Forgets the user's entry after a change made by this instance.</summary>
    public void Invalidate(Guid userId) => _entries.TryRemove(userId, out _);
}
