namespace IdpFederation.Core.SignIn;

/// <summary>
/// Holds a validated request while the user is at the login page, keyed by an unguessable ID, so the flow can finish
/// on any instance that shares the store. It is stored before anyone has authenticated, so the store holds at most
/// Idp:State:MaxPendingSignIns of them (all instances together) and refuses more.
/// </summary>
public interface IPendingSignInStore
{
    /// <summary>The new entry's ID, or null when the store already holds its maximum of live entries.</summary>
    Task<string?> TrySaveAsync(ValidatedSignInRequest request, CancellationToken cancellationToken = default);

    Task<ValidatedSignInRequest?> GetAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Forgets the entry and frees its place.</summary>
    Task RemoveAsync(string id, CancellationToken cancellationToken = default);
}
