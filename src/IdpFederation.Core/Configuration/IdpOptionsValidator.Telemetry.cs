namespace IdpFederation.Core.Configuration;

/// <summary>Idp:Telemetry (README "Metrics and traces").</summary>
public sealed partial class IdpOptionsValidator
{
    private static void ValidateTelemetry(TelemetryOptions? telemetry, List<string> errors)
    {
        if (telemetry is null)
        {
            errors.Add("Idp:Telemetry must not be null.");
            return;
        }

        if (telemetry.OtlpEndpoint is { Length: > 0 } endpoint
            && (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
                || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.UserInfo)))
        {
            errors.Add($"Idp:Telemetry:OtlpEndpoint '{endpoint}' must be an absolute http(s) URL without a query or credentials, " +
                "e.g. http://otel-collector:4317 (gRPC) or http://otel-collector:4318 (HTTP); leave it out to push nothing.");
        }

        if (telemetry.OtlpProtocol is { Length: > 0 } protocol && protocol is not (TelemetryOptions.GrpcProtocol or TelemetryOptions.HttpProtobufProtocol))
        {
            errors.Add($"Idp:Telemetry:OtlpProtocol '{protocol}' must be '{TelemetryOptions.GrpcProtocol}' or '{TelemetryOptions.HttpProtobufProtocol}'.");
        }
    }
}
