using System.Diagnostics;
using IdpFederation.Core.Sessions;

namespace IdpFederation.Infrastructure.Telemetry;

/// <summary>Times each call to the shared session store (<see cref="RedisMetrics"/>); passes straight through when nothing listens.</summary>
public sealed class InstrumentedSessionStore(ISessionStore inner, RedisMetrics metrics) : ISessionStore
{
    public Task CreateAsync(SsoSession session, CancellationToken cancellationToken = default) => metrics.Enabled
        ? metrics.MeasureAsync("session.create", Stopwatch.GetTimestamp(), inner.CreateAsync(session, cancellationToken), cancellationToken)
        : inner.CreateAsync(session, cancellationToken);

    public Task<SsoSession?> GetAndTouchAsync(string sessionId, CancellationToken cancellationToken = default) => metrics.Enabled
        ? metrics.MeasureAsync("session.get", Stopwatch.GetTimestamp(), inner.GetAndTouchAsync(sessionId, cancellationToken), cancellationToken)
        : inner.GetAndTouchAsync(sessionId, cancellationToken);

    public Task AddRelyingPartyAsync(string sessionId, string realm, CancellationToken cancellationToken = default) => metrics.Enabled
        ? metrics.MeasureAsync("session.add_relying_party", Stopwatch.GetTimestamp(), inner.AddRelyingPartyAsync(sessionId, realm, cancellationToken), cancellationToken)
        : inner.AddRelyingPartyAsync(sessionId, realm, cancellationToken);

    public Task RemoveAsync(string sessionId, CancellationToken cancellationToken = default) => metrics.Enabled
        ? metrics.MeasureAsync("session.remove", Stopwatch.GetTimestamp(), inner.RemoveAsync(sessionId, cancellationToken), cancellationToken)
        : inner.RemoveAsync(sessionId, cancellationToken);

    public Task<IReadOnlyList<SsoSession>> ListForUserAsync(string userPrincipalName, CancellationToken cancellationToken = default) => metrics.Enabled
        ? metrics.MeasureAsync("session.list_for_user", Stopwatch.GetTimestamp(), inner.ListForUserAsync(userPrincipalName, cancellationToken), cancellationToken)
        : inner.ListForUserAsync(userPrincipalName, cancellationToken);

    public Task<int> RemoveAllForUserAsync(string userPrincipalName, CancellationToken cancellationToken = default) => metrics.Enabled
        ? metrics.MeasureAsync("session.remove_all_for_user", Stopwatch.GetTimestamp(), inner.RemoveAllForUserAsync(userPrincipalName, cancellationToken), cancellationToken)
        : inner.RemoveAllForUserAsync(userPrincipalName, cancellationToken);
}
