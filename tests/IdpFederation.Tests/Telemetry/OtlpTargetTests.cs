using IdpFederation.Core.Configuration;
using IdpFederation.Server.Telemetry;
using Microsoft.Extensions.Configuration;
using OpenTelemetry.Exporter;

namespace IdpFederation.Tests.Telemetry;

/// <summary>Which collector is used, and the signal paths the OTLP/HTTP specification adds to a base endpoint.</summary>
[Trait("Kind", "Unit")]
public sealed class OtlpTargetTests
{
    [Theory]
    [InlineData("http://collector:4318", "http://collector:4318/v1/traces")]
    [InlineData("http://collector:4318/", "http://collector:4318/v1/traces")]
    [InlineData("http://collector:4318/otlp", "http://collector:4318/otlp/v1/traces")]
    public void Over_http_the_signal_path_is_added(string configured, string expected)
    {
        var target = OtlpTarget.From(Configuration(), new TelemetryOptions { OtlpEndpoint = configured, OtlpProtocol = "http/protobuf" })!;
        var exporter = new OtlpExporterOptions();

        target.Apply(exporter, "v1/traces");

        Assert.Equal(OtlpExportProtocol.HttpProtobuf, exporter.Protocol);
        Assert.Equal(new Uri(expected), exporter.Endpoint);
    }

    [Fact]
    public void Over_grpc_the_endpoint_is_used_as_it_is()
    {
        var target = OtlpTarget.From(Configuration(), new TelemetryOptions { OtlpEndpoint = "http://collector:4317", OtlpProtocol = "grpc" })!;
        var exporter = new OtlpExporterOptions();

        target.Apply(exporter, "v1/metrics");

        Assert.Equal(OtlpExportProtocol.Grpc, exporter.Protocol);
        Assert.Equal(new Uri("http://collector:4317"), exporter.Endpoint);
    }

    [Fact]
    public void Nothing_is_pushed_without_an_endpoint_and_the_standard_variable_counts_as_one()
    {
        Assert.Null(OtlpTarget.From(Configuration(), new TelemetryOptions()));
        Assert.Null(OtlpTarget.From(Configuration(), new TelemetryOptions { OtlpEndpoint = "not a url" }));
        var standard = OtlpTarget.From(Configuration(("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4317")), new TelemetryOptions());
        Assert.NotNull(standard);
        Assert.Null(standard.Endpoint);
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();
}
