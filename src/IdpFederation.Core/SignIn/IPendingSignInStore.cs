namespace IdpFederation.Core.SignIn;

/// <summary>
/// Holds a validated request while the user is at the login page, keyed by an unguessable ID, so the flow can finish
/// on any instance that shares the store.
/// </summary>
public interface IPendingSignInStore
{
    Task<string> SaveAsync(ValidatedSignInRequest request, CancellationToken cancellationToken = default);

    Task<ValidatedSignInRequest?> GetAsync(string id, CancellationToken cancellationToken = default);

    Task RemoveAsync(string id, CancellationToken cancellationToken = default);
}
