using System.Diagnostics;
using System.Diagnostics.Metrics;
using IdpFederation.Core.Telemetry;
using StackExchange.Redis;

namespace IdpFederation.Infrastructure.State.Redis;

/// <summary>
/// Latency and failures of the shared-state calls, as System.Diagnostics.Metrics instruments that any listener
/// (OpenTelemetry, dotnet-counters) can collect. Tags name the operation and the failure kind only: never a key, a
/// session or a user, which would leak identities and give every user a time series of their own.
/// </summary>
internal static class RedisMetrics
{
    // A static meter: the connection is a process-wide singleton, and OpenTelemetry subscribes by the IdpFederation.*
    // wildcard whichever way a meter was made.
    private static readonly Meter Meter = new(IdpTelemetryNames.RedisMeter);

    // Semantic conventions for database client metrics name the duration in seconds with an error.type on failure.
    private static readonly Histogram<double> Duration = Meter.CreateHistogram<double>(
        IdpTelemetryNames.RedisDuration, unit: "s", description: "Duration of one shared-state operation against Redis, including waiting for a connection.",
        advice: IdpMeters.SecondsBuckets);

    private static readonly Counter<long> Errors = Meter.CreateCounter<long>(
        IdpTelemetryNames.RedisErrors, unit: "{error}", description: "Shared-state operations that failed because Redis did not answer or refused.");

    public static void RecordDuration(string operation, long startedTimestamp) =>
        Duration.Record(Stopwatch.GetElapsedTime(startedTimestamp).TotalSeconds, new KeyValuePair<string, object?>("operation", operation));

    public static void RecordFailure(string operation, long startedTimestamp, Exception exception)
    {
        var errorType = exception is RedisConnectionException connection ? connection.FailureType.ToString() : exception.GetType().Name;
        var operationTag = new KeyValuePair<string, object?>("operation", operation);
        var errorTag = new KeyValuePair<string, object?>("error.type", errorType);
        Duration.Record(Stopwatch.GetElapsedTime(startedTimestamp).TotalSeconds, operationTag, errorTag);
        Errors.Add(1, operationTag, errorTag);
    }
}
