using IdpFederation.Server.Health;

namespace IdpFederation.Server.Telemetry;

/// <summary>
/// Serves the Prometheus scrape at /metrics on the management listener only. The public listener never serves it,
/// with or without the health details key: request volumes, lockout and refusal rates tell an attacker how a campaign
/// is going, and a scrape costs a collection of every instrument. On the management listener it needs no key, like the
/// detailed health views there: reaching that port is the operator's credential (bind it to loopback or an internal
/// interface). With no management listener, or with Idp:Telemetry:Metrics off, nothing answers /metrics anywhere.
/// </summary>
internal static class MetricsScrapingEndpoint
{
    /// <summary>Must run before <see cref="HealthEndpoints.UseHealthManagementListener"/>, which answers 404 to everything else there.</summary>
    public static IApplicationBuilder UseMetricsScrapingEndpoint(this IApplicationBuilder app)
    {
        var plan = app.ApplicationServices.GetRequiredService<TelemetryPlan>();
        if (plan.ScrapePort is not { } port)
        {
            return app;
        }

        // Told apart by the socket's local port, never the Host header, as HealthDetailsAccess does.
        return app.UseOpenTelemetryPrometheusScrapingEndpoint(context =>
            context.Connection.LocalPort == port && context.Request.Path.Equals(TelemetryPlan.ScrapePath, StringComparison.OrdinalIgnoreCase));
    }
}
