using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace IdpFederation.Core.Telemetry;

/// <summary>
/// The password hashing gate's instruments (meter <see cref="IdpTelemetryNames.PasswordsMeter"/>): how long hashes
/// wait for a hashing thread, and how many give up waiting. A growing queue time is the first sign of a password
/// flood, before any request is refused.
/// </summary>
public sealed class PasswordHashingMetrics
{
    private readonly Histogram<double> _queueTime;
    private readonly Counter<long> _rejections;

    public PasswordHashingMetrics(IMeterFactory? meterFactory)
    {
        var meter = IdpMeters.Create(meterFactory, IdpTelemetryNames.PasswordsMeter);
        _queueTime = meter.CreateHistogram<double>(IdpTelemetryNames.PasswordHashQueueTime, "s",
            "Time a password hash (or recovery-code check) waited in the hashing queue before a hashing thread took it.",
            advice: IdpMeters.SecondsBuckets);
        _rejections = meter.CreateCounter<long>(IdpTelemetryNames.PasswordHashRejections, "{hash}",
            "Hashes refused with 503: the queue was full, or the hash could not start within the maximum wait.");
    }

    /// <summary>For code built without the container (unit tests, tools): instruments nobody subscribes to.</summary>
    public static PasswordHashingMetrics Unobserved { get; } = new(null);

    /// <param name="queuedAt">A <see cref="Stopwatch.GetTimestamp"/> taken when the hash was queued.</param>
    public void RecordStarted(long queuedAt)
    {
        if (_queueTime.Enabled)
        {
            _queueTime.Record(Stopwatch.GetElapsedTime(queuedAt).TotalSeconds);
        }
    }

    /// <param name="reason">"queue_full" or "timeout".</param>
    public void RecordRejected(string reason)
    {
        if (_rejections.Enabled)
        {
            _rejections.Add(1, new KeyValuePair<string, object?>("reason", reason));
        }
    }
}
