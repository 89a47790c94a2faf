using IdpFederation.Core.Configuration;
using OpenTelemetry.Exporter;

namespace IdpFederation.Server.Telemetry;

/// <summary>
/// Where spans and metrics are pushed: Idp:Telemetry:OtlpEndpoint, else the standard OTEL_EXPORTER_OTLP_ENDPOINT
/// (which the exporter reads itself, with the other OTEL_EXPORTER_OTLP_* settings). Null: push nothing.
/// </summary>
internal sealed class OtlpTarget
{
    private const string StandardEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    private OtlpTarget(Uri? endpoint, string? protocol)
    {
        Endpoint = endpoint;
        Protocol = protocol;
    }

    /// <summary>From Idp:Telemetry; null when the standard variable is used instead.</summary>
    public Uri? Endpoint { get; }

    public string? Protocol { get; }

    /// <summary>
    /// A malformed Idp:Telemetry value is ignored here: options validation names it precisely a moment later and stops
    /// start-up, so nothing is ever pushed to a half-understood address.
    /// </summary>
    public static OtlpTarget? From(IConfiguration configuration, TelemetryOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.OtlpEndpoint))
        {
            return Uri.TryCreate(options.OtlpEndpoint, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
                ? new OtlpTarget(uri, options.OtlpProtocol)
                : null;
        }

        return string.IsNullOrWhiteSpace(configuration[StandardEndpointVariable]) ? null : new OtlpTarget(null, options.OtlpProtocol);
    }

    /// <param name="signalPath">"v1/traces" or "v1/metrics".</param>
    public void Apply(OtlpExporterOptions exporter, string signalPath)
    {
        ArgumentNullException.ThrowIfNull(exporter);
        if (!string.IsNullOrEmpty(Protocol))
        {
            exporter.Protocol = Protocol == TelemetryOptions.HttpProtobufProtocol ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
        }

        if (Endpoint is null)
        {
            return;
        }

        // An endpoint set in code is used as it is; for HTTP the OTLP specification's base-URL rule adds the signal's
        // path (https://opentelemetry.io/docs/specs/otel/protocol/exporter/#endpoint-urls-for-otlphttp).
        exporter.Endpoint = exporter.Protocol == OtlpExportProtocol.HttpProtobuf
            ? new Uri(Endpoint.AbsoluteUri.TrimEnd('/') + "/" + signalPath)
            : Endpoint;
    }
}
