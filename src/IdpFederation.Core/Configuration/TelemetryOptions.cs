namespace IdpFederation.Core.Configuration;

/// <summary>
/// Metrics and traces (README "Metrics and traces"). Read at start-up: changing them needs a restart, as the exporters
/// are built once with the host.
/// </summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "Idp:Telemetry";
    public const string GrpcProtocol = "grpc";
    public const string HttpProtobufProtocol = "http/protobuf";

    /// <summary>
    /// Whether metrics are collected at all. On by default, but they are served only on the management listener
    /// (Idp:Health:ManagementUrl) at /metrics, and pushed only when <see cref="OtlpEndpoint"/> is set; with neither, no
    /// metrics pipeline is built. Off removes the metrics pipeline entirely (the overhead comparison in
    /// scripts/bench-telemetry.sh runs both ways).
    /// </summary>
    public bool Metrics { get; set; } = true;

    /// <summary>
    /// An OpenTelemetry collector to push spans (and metrics, when on) to, e.g. <c>http://otel-collector:4317</c> for
    /// gRPC or <c>http://otel-collector:4318</c> for HTTP; the signal paths (/v1/traces, /v1/metrics) are added for HTTP,
    /// as the OTLP exporter specification does for its base endpoint. Unset: nothing is pushed and no spans are
    /// recorded, unless the standard OTEL_EXPORTER_OTLP_ENDPOINT variable is set, which is honoured as well.
    /// </summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>
    /// <see cref="GrpcProtocol"/> or <see cref="HttpProtobufProtocol"/>; unset uses OTEL_EXPORTER_OTLP_PROTOCOL, else gRPC
    /// (the OpenTelemetry .NET default).
    /// </summary>
    public string? OtlpProtocol { get; set; }
}
