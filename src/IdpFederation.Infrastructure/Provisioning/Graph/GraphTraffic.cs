namespace IdpFederation.Infrastructure.Provisioning.Graph;

/// <summary>
/// What one client saw of Graph's limits during a run: throttling waits (429 Retry-After, inner or outer) and retried
/// server errors. The run report shows them, and tests assert on them.
/// </summary>
public sealed class GraphTraffic
{
    private long _throttleWaitTicks;
    private int _throttled;
    private int _serverErrorRetries;

    public TimeSpan ThrottleWait => TimeSpan.FromTicks(Interlocked.Read(ref _throttleWaitTicks));

    public int Throttled => Volatile.Read(ref _throttled);

    public int ServerErrorRetries => Volatile.Read(ref _serverErrorRetries);

    internal void RecordThrottle(TimeSpan wait)
    {
        Interlocked.Increment(ref _throttled);
        Interlocked.Add(ref _throttleWaitTicks, wait.Ticks);
    }

    internal void RecordServerErrorRetry() => Interlocked.Increment(ref _serverErrorRetries);
}
