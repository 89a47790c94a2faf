using static IdpFederation.Tests.CoreLayer.OptionsValidation;

namespace IdpFederation.Tests.Telemetry;

/// <summary>Idp:Telemetry: an OTLP endpoint the exporter can use, and a protocol it knows.</summary>
[Trait("Kind", "Unit")]
public sealed class TelemetryOptionsValidationTests
{
    [Theory]
    [InlineData("http://otel-collector:4317")]
    [InlineData("https://otel.contoso.internal:4318/")]
    [InlineData("http://127.0.0.1:4318/collector")]
    public void An_absolute_http_endpoint_is_accepted(string endpoint) =>
        Assert.Empty(Failures(o => o.Telemetry.OtlpEndpoint = endpoint));

    [Theory]
    [InlineData("otel-collector:4317")]
    [InlineData("grpc://otel-collector:4317")]
    [InlineData("http://otel-collector:4318/?token=x")]
    [InlineData("http://user:secret@otel-collector:4318")]
    [InlineData(" ")]
    public void An_endpoint_the_exporter_cannot_use_is_refused(string endpoint) =>
        AssertOnlyFailure($"Idp:Telemetry:OtlpEndpoint '{endpoint}' must be an absolute http(s) URL without a query or credentials, " +
            "e.g. http://otel-collector:4317 (gRPC) or http://otel-collector:4318 (HTTP); leave it out to push nothing.", o => o.Telemetry.OtlpEndpoint = endpoint);

    [Fact]
    public void An_unknown_protocol_is_refused() =>
        AssertOnlyFailure("Idp:Telemetry:OtlpProtocol 'http/json' must be 'grpc' or 'http/protobuf'.", o => o.Telemetry.OtlpProtocol = "http/json");

    [Fact]
    public void A_missing_section_is_refused() =>
        AssertOnlyFailure("Idp:Telemetry must not be null.", o => o.Telemetry = null!);

    /// <summary>An empty value is how an environment variable says "unset" (Idp__Telemetry__OtlpEndpoint=).</summary>
    [Fact]
    public void Nothing_set_or_empty_is_valid()
    {
        Assert.Empty(Failures(_ => { }));
        Assert.Empty(Failures(o => (o.Telemetry.OtlpEndpoint, o.Telemetry.OtlpProtocol, o.Telemetry.Metrics) = ("", "", false)));
        Assert.Empty(Failures(o => o.Telemetry.OtlpProtocol = "http/protobuf"));
    }
}
