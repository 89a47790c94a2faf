namespace IdpFederation.Core.State;

/// <summary>Lets /health/ready report whether the shared state store answers.</summary>
public interface IStateStoreHealth
{
    /// <summary>Null when healthy, else a short reason.</summary>
    Task<string?> CheckAsync(CancellationToken cancellationToken = default);
}
