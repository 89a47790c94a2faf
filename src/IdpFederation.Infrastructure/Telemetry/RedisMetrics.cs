using System.Diagnostics;
using System.Diagnostics.Metrics;
using IdpFederation.Core.Telemetry;

namespace IdpFederation.Infrastructure.Telemetry;

/// <summary>
/// Round trips to the shared state store (meter <see cref="IdpTelemetryNames.RedisMeter"/>), measured around each
/// store call by the Instrumented* decorators, so the Redis code itself carries no telemetry. The <c>operation</c> tag
/// names the store call (<c>session.get</c>, <c>counter.reserve</c>, ...), a closed set: never a key, which holds user
/// names and addresses.
/// </summary>
public sealed class RedisMetrics
{
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _errors;

    public RedisMetrics(IMeterFactory? meterFactory)
    {
        var meter = IdpMeters.Create(meterFactory, IdpTelemetryNames.RedisMeter);
        _duration = meter.CreateHistogram<double>(IdpTelemetryNames.RedisDuration, "s",
            "Time of one shared-state store call (one or more Redis round trips, scripts included), by operation.",
            advice: IdpMeters.SecondsBuckets);
        _errors = meter.CreateCounter<long>(IdpTelemetryNames.RedisErrors, "{error}",
            "Shared-state store calls that failed (Redis unreachable, timed out or refused), by operation; cancelled requests are not errors.");
    }

    /// <summary>False when nothing listens: the decorators then pass calls straight through.</summary>
    public bool Enabled => _duration.Enabled || _errors.Enabled;

    public void Record(string operation, long startedAt)
    {
        if (_duration.Enabled)
        {
            _duration.Record(Stopwatch.GetElapsedTime(startedAt).TotalSeconds, new KeyValuePair<string, object?>("operation", operation));
        }
    }

    public void RecordError(string operation)
    {
        if (_errors.Enabled)
        {
            _errors.Add(1, new KeyValuePair<string, object?>("operation", operation));
        }
    }

    /// <summary>Awaits <paramref name="call"/>, recording its time, and counting it as an error if it fails.</summary>
    /// <param name="startedAt">A <see cref="Stopwatch.GetTimestamp"/> taken just before the call was made (an argument
    /// before <paramref name="call"/>, so C#'s left-to-right evaluation takes it first and no closure is needed).</param>
    public async Task<T> MeasureAsync<T>(string operation, long startedAt, Task<T> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call.ConfigureAwait(false);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            RecordError(operation);
            throw;
        }
        finally
        {
            Record(operation, startedAt);
        }
    }

    public async Task MeasureAsync(string operation, long startedAt, Task call, CancellationToken cancellationToken)
    {
        try
        {
            await call.ConfigureAwait(false);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            RecordError(operation);
            throw;
        }
        finally
        {
            Record(operation, startedAt);
        }
    }
}
