namespace IdpFederation.Core.State;

/// <summary>Remembers values that may be used once (assertion and request IDs, TOTP time steps), across instances.</summary>
public interface IReplayCache
{
    /// <summary>
    /// Atomically records <paramref name="value"/> under <paramref name="scope"/> for <paramref name="lifetime"/>.
    /// Returns false when it was already recorded, which means the caller is seeing a replay.
    /// </summary>
    Task<bool> TryAddAsync(string scope, string value, TimeSpan lifetime, CancellationToken cancellationToken = default);
}
