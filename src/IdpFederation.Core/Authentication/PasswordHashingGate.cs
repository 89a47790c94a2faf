namespace IdpFederation.Core.Authentication;

/// <summary>
/// Bounds how many password hashes run at once (cores − 1, at least 1), so a flood of password attempts queues here
/// instead of taking every core from token issuance for users who already have a session. Waiting is asynchronous:
/// no thread is held while queued.
/// </summary>
public sealed class PasswordHashingGate : IDisposable
{
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(10);
    private readonly SemaphoreSlim _slots = new(Math.Max(1, Environment.ProcessorCount - 1));

    public async Task<T> RunAsync<T>(Func<T> hash, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(hash);
        if (!await _slots.WaitAsync(MaxWait, cancellationToken).ConfigureAwait(false))
        {
            throw new ServiceBusyException("Too many password checks are waiting; try again shortly.");
        }

        try
        {
            return hash();
        }
        finally
        {
            _slots.Release();
        }
    }

    public void Dispose() => _slots.Dispose();
}

/// <summary>The service is overloaded; answered with 503 and Retry-After rather than queuing without end.</summary>
public sealed class ServiceBusyException : Exception
{
    public ServiceBusyException() { }

    public ServiceBusyException(string message) : base(message) { }

    public ServiceBusyException(string message, Exception innerException) : base(message, innerException) { }
}
