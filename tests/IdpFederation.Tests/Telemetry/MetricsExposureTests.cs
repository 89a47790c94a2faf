using System.Net;
using System.Text.Json.Nodes;
using IdpFederation.Tests.Server;

namespace IdpFederation.Tests.Telemetry;

/// <summary>Where /metrics is not served: with metrics switched off, and without a management listener.</summary>
[Trait("Kind", "Integration")]
public sealed class MetricsExposureTests
{
    [Fact]
    public async Task With_metrics_off_the_management_listener_serves_health_but_not_metrics()
    {
        using var environment = new TestIdpEnvironment(config => config["Idp"]!["Telemetry"] = new JsonObject { ["Metrics"] = false });
        await using var server = await IdpServerProcess.StartAsync(environment);
        using var http = new HttpClient();

        using var metrics = await http.GetAsync(server.ManagementUrl + "/metrics");
        using var health = await http.GetAsync(server.ManagementUrl + "/health/live");

        Assert.Equal(HttpStatusCode.NotFound, metrics.StatusCode);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task Without_a_management_listener_metrics_are_served_nowhere()
    {
        using var environment = new TestIdpEnvironment();
        await using var server = await IdpServerProcess.StartAsync(environment, managementListener: false);
        using var http = new HttpClient();

        using var response = await http.GetAsync(environment.BaseUrl + "/metrics");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
