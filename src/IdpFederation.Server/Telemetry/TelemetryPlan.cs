namespace IdpFederation.Server.Telemetry;

/// <summary>What start-up decided to export; the request pipeline reads it to know whether to serve /metrics.</summary>
/// <param name="ScrapePort">The management listener's port when /metrics is served there; null when it is served nowhere.</param>
/// <param name="Otlp">True when spans (and metrics, if on) are pushed to a collector.</param>
internal sealed record TelemetryPlan(bool Metrics, int? ScrapePort, bool Otlp)
{
    public const string ScrapePath = "/metrics";
}
