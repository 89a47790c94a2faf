namespace IdpFederation.Core.Sessions;

/// <summary>Shared SSO session storage; implementations enforce sliding and absolute expiry.</summary>
public interface ISessionStore
{
    Task CreateAsync(SsoSession session, CancellationToken cancellationToken = default);

    /// <summary>Returns the session and extends its sliding window, or null when unknown or expired.</summary>
    Task<SsoSession?> GetAndTouchAsync(string sessionId, CancellationToken cancellationToken = default);

    /// <summary>Records a relying party that received a token, for sign-out and session listings.</summary>
    Task AddRelyingPartyAsync(string sessionId, string realm, CancellationToken cancellationToken = default);

    Task RemoveAsync(string sessionId, CancellationToken cancellationToken = default);

    /// <summary>The user's live sessions, newest first, for administrators.</summary>
    Task<IReadOnlyList<SsoSession>> ListForUserAsync(string userPrincipalName, CancellationToken cancellationToken = default);

    /// <summary>Ends every session of the user on every instance; returns how many ended.</summary>
    Task<int> RemoveAllForUserAsync(string userPrincipalName, CancellationToken cancellationToken = default);
}
