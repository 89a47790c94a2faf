using IdpFederation.Core.SignIn;

namespace IdpFederation.Tests.CoreLayer;

public static class PendingSignInStoreExtensions
{
    /// <summary>Saves where the test expects room; a refusal fails the test on the spot.</summary>
    public static async Task<string> SaveAsync(this IPendingSignInStore store, ValidatedSignInRequest request) =>
        await store.TrySaveAsync(request) ?? throw new InvalidOperationException("The pending sign-in store refused the save (full).");
}
