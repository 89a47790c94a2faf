using System.Diagnostics.Metrics;

namespace IdpFederation.Core.Telemetry;

/// <summary>Shared plumbing for this product's meters.</summary>
public static class IdpMeters
{
    /// <summary>
    /// Bucket bounds for durations in seconds, from 0.5 ms to 10 s. Without this advice the SDK's default bounds
    /// (0 to 10,000, meant for milliseconds) would put every sign-in in the first two buckets. .NET's
    /// <see cref="InstrumentAdvice{T}"/> carries them to any listener (OpenTelemetry .NET honours it since 1.10).
    /// </summary>
    public static InstrumentAdvice<double> SecondsBuckets { get; } = new()
    {
        HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    };

    /// <summary>
    /// A meter from the container's <see cref="IMeterFactory"/> (scoped to that container, so two hosts in one test
    /// process never share instruments), or a standalone one for code built without a container.
    /// </summary>
    public static Meter Create(IMeterFactory? meterFactory, string name) =>
        meterFactory?.Create(new MeterOptions(name)) ?? new Meter(name);
}
