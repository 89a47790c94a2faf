using IdpFederation.Core.Configuration;
using IdpFederation.Core.Telemetry;
using IdpFederation.Server.Hosting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace IdpFederation.Server.Telemetry;

/// <summary>
/// Wires OpenTelemetry to the instruments Core declares with System.Diagnostics (README "Metrics and traces"). Nothing
/// is built that nobody reads: metrics need a place to go (the management listener's /metrics, or an OTLP collector),
/// and spans are recorded only when a collector is configured. Without either, the instruments have no listener and
/// each recording is a single check of <c>Enabled</c>.
/// </summary>
internal static class TelemetryServiceExtensions
{
    private const string ServiceName = "IdpFederation";

    public static TelemetryPlan AddIdpTelemetry(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        // Read before the container exists, as the listeners are; options validation reports malformed values later.
        var options = new TelemetryOptions();
        configuration.GetSection(TelemetryOptions.SectionName).Bind(options);
        int? managementPort = HealthOptions.TryParseManagementPort(configuration[HealthManagementListener.Setting], out var port) ? port : null;
        var otlp = OtlpTarget.From(configuration, options);
        var plan = new TelemetryPlan(options.Metrics, options.Metrics ? managementPort : null, otlp is not null);
        builder.Services.AddSingleton(plan);
        if (plan.ScrapePort is null && otlp is null)
        {
            return plan;
        }

        var telemetry = builder.Services.AddOpenTelemetry().ConfigureResource(resource =>
        {
            // OTEL_SERVICE_NAME, when set, names the service instead (the SDK reads it); a later AddService would win.
            if (string.IsNullOrWhiteSpace(configuration["OTEL_SERVICE_NAME"]))
            {
                resource.AddService(ServiceName, serviceVersion: typeof(TelemetryServiceExtensions).Assembly.GetName().Version?.ToString());
            }
        });
        if (options.Metrics)
        {
            telemetry.WithMetrics(metrics =>
            {
                // The wildcard takes every IdpFederation.* meter, including ones added later (the Redis store's).
                metrics.AddMeter(IdpTelemetryNames.Wildcard)
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation();
                if (plan.ScrapePort is not null)
                {
                    metrics.AddPrometheusExporter();
                }

                if (otlp is not null)
                {
                    metrics.AddOtlpExporter(exporter => otlp.Apply(exporter, "v1/metrics"));
                }
            });
        }

        if (otlp is not null)
        {
            telemetry.WithTracing(tracing => tracing
                .AddSource(IdpTelemetryNames.Wildcard)
                // Probes and scrapes arrive every few seconds and say nothing about sign-ins.
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !IsMonitoring(context.Request.Path))
                .AddHttpClientInstrumentation()
                .AddOtlpExporter(exporter => otlp.Apply(exporter, "v1/traces")));
        }

        return plan;
    }

    private static bool IsMonitoring(PathString path) =>
        path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments(TelemetryPlan.ScrapePath, StringComparison.OrdinalIgnoreCase);
}
