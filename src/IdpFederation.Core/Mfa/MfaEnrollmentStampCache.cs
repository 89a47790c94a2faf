using IdpFederation.Core.Caching;
using IdpFederation.Core.Configuration;
using Microsoft.Extensions.Options;

namespace IdpFederation.Core.Mfa;

/// <summary>
/// Which enrolment a user has now (its confirmation instant), read through a <see cref="ShortLivedCache{TKey, TValue}"/>
/// like the user record, so checking that a session's MFA still belongs to the current enrolment costs no database
/// query on most single sign-on requests. A reset made elsewhere (the CLI) is seen within Idp:Session:UserCacheDuration.
/// </summary>
public sealed class MfaEnrollmentStampCache
{
    private readonly ShortLivedCache<Guid, long?> _cache;
    private readonly IMfaEnrollmentStore _store;

    public MfaEnrollmentStampCache(IMfaEnrollmentStore store, IOptionsMonitor<IdpOptions> options, TimeProvider time)
    {
        _store = store;
        _cache = new ShortLivedCache<Guid, long?>(options, time);
    }

    /// <returns>The confirmed enrolment's instant in unix milliseconds, or null when the user has no confirmed enrolment.</returns>
    public ValueTask<long?> GetAsync(Guid userId, CancellationToken cancellationToken = default) =>
        _cache.GetAsync(userId, LoadAsync, cancellationToken);

    /// <summary>Forgets the user's entry after a change made by this instance.</summary>
    public void Invalidate(Guid userId) => _cache.Invalidate(userId);

    private async Task<long?> LoadAsync(Guid userId, CancellationToken cancellationToken) =>
        (await _store.GetAsync(userId, cancellationToken).ConfigureAwait(false))?.ConfirmedAt?.ToUnixTimeMilliseconds();
}
