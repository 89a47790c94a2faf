namespace IdpFederation.Tests.Provisioning.GraphServer;

/// <summary>
/// Graph's identity-and-access write quota as a token bucket per app and tenant (Graph "throttling limits", identity
/// and access service: 3,000 writes per 2 min 30 s): full at start, refilled continuously at limit/window, one token per
/// write. The clock is the injected TimeProvider, so a test can advance time instead of waiting.
/// </summary>
internal sealed class WriteThrottle
{
    private readonly object _gate = new();
    private readonly Dictionary<string, (double Tokens, DateTimeOffset At)> _buckets = new(StringComparer.Ordinal);
    private readonly GraphTestServerOptions _options;

    public WriteThrottle(GraphTestServerOptions options) => _options = options;

    /// <summary>Writes let through since start.</summary>
    public int Taken { get; private set; }

    private double RatePerSecond => _options.WriteLimit / _options.WriteWindow.TotalSeconds;

    /// <summary>Takes one write; when the bucket is empty, says how many whole seconds until one token is back.</summary>
    public (bool Allowed, int RetryAfterSeconds, double UsedFraction) TryTake(string appId)
    {
        lock (_gate)
        {
            var now = _options.TimeProvider.GetUtcNow();
            var (tokens, at) = _buckets.TryGetValue(appId, out var bucket) ? bucket : (_options.WriteLimit, now);
            tokens = Math.Min(_options.WriteLimit, tokens + (Math.Max(0, (now - at).TotalSeconds) * RatePerSecond));
            if (tokens >= 1)
            {
                tokens -= 1;
                Taken++;
                _buckets[appId] = (tokens, now);
                return (true, 0, 1 - (tokens / _options.WriteLimit));
            }

            _buckets[appId] = (tokens, now);
            return (false, Math.Max(1, (int)Math.Ceiling((1 - tokens) / RatePerSecond)), 1);
        }
    }
}

/// <summary>
/// One request as the server saw it: arrival time (injected clock), method, path below the host, the
/// x-ms-throttle-priority header, the status returned, whether it came inside a $batch, and the calling app.
/// </summary>
public sealed record GraphRequestRecord(DateTimeOffset Time, string Method, string Path, string? ThrottlePriority, int Status, bool InBatch, string? AppId)
{
    public bool IsWrite => Method is "POST" or "PATCH" or "PUT" or "DELETE";
}
