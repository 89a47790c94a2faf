namespace IdpFederation.Tests.Provisioning.GraphServer;

/// <summary>
/// Failures a test asks for: the next N Graph requests fail with a given status, a share of requests (and of requests
/// inside batches) fail with 503 drawn from a seeded Random, and "down", where every request, token endpoint included,
/// gets 503. The seed also drives the batch response shuffle, so a failing run replays.
/// </summary>
internal sealed class GraphFaults
{
    private readonly object _gate = new();
    private readonly Random _random;
    private int _failNext;
    private int _failStatus;
    private double _random503Rate;

    public GraphFaults(int seed) => _random = new Random(seed);

    public bool Down { get; set; }

    public void FailNext(int count, int status)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (status is < 400 or > 599)
        {
            throw new ArgumentOutOfRangeException(nameof(status), status, "FailNext needs an error status, 400 to 599.");
        }

        lock (_gate)
        {
            (_failNext, _failStatus) = (count, status);
        }
    }

    public double Random503Rate
    {
        get => _random503Rate;
        set => _random503Rate = value is >= 0 and <= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "A rate is between 0 and 1.");
    }

    /// <summary>The injected failure for the next top-level Graph request, if any.</summary>
    public GraphResult? TakeForRequest()
    {
        lock (_gate)
        {
            if (_failNext > 0)
            {
                _failNext--;
                return Failure(_failStatus);
            }
        }

        return TakeRandom503();
    }

    public GraphResult? TakeRandom503()
    {
        lock (_gate)
        {
            return _random503Rate > 0 && _random.NextDouble() < _random503Rate ? Failure(503) : null;
        }
    }

    public void Shuffle<T>(IList<T> items)
    {
        lock (_gate)
        {
            for (var i = items.Count - 1; i > 0; i--)
            {
                var j = _random.Next(i + 1);
                (items[i], items[j]) = (items[j], items[i]);
            }
        }
    }

    public static GraphResult Failure(int status)
    {
        var result = status switch
        {
            429 => GraphResult.Error(429, "TooManyRequests", "Too many requests."),
            500 => GraphResult.Error(500, "generalException", "An internal server error occurred."),
            502 => GraphResult.Error(502, "BadGateway", "Bad gateway."),
            503 => GraphResult.Error(503, "serviceNotAvailable", "The service is temporarily unavailable. Please retry."),
            504 => GraphResult.Error(504, "GatewayTimeout", "The gateway timed out."),
            _ => GraphResult.Error(status, "InjectedFailure", $"Failure injected by the test ({status})."),
        };
        if (status == 429)
        {
            result.Headers["Retry-After"] = "1";
        }

        return result;
    }
}
