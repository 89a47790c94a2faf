namespace IdpFederation.Core.State;

/// <summary>
/// The shared state store did not answer in time. Requests that need it fail fast with 503 rather than wait or
/// half-record a sign-in; the store reconnects by itself.
/// </summary>
public sealed class StateStoreUnavailableException : Exception
{
    public StateStoreUnavailableException() : base("The shared state store is unavailable.") { }

    public StateStoreUnavailableException(string message) : base(message) { }

    public StateStoreUnavailableException(string message, Exception innerException) : base(message, innerException) { }
}
