using IdpFederation.Server.Health;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace IdpFederation.Tests.Server;

/// <summary>
/// /health/ready answers 503 for what a load balancer must act on (anything Unhealthy, or Degraded on a check tagged
/// to drain) and 200 for a Degraded that is information only.
/// </summary>
[Trait("Kind", "Unit")]
public sealed class HealthStatusCodeTests
{
    private static HealthReport Report(params (string Name, HealthStatus Status, string[] Tags)[] checks) => new(
        checks.ToDictionary(
            c => c.Name,
            c => new HealthReportEntry(c.Status, c.Name, TimeSpan.Zero, exception: null, data: null, tags: c.Tags)),
        TimeSpan.Zero);

    private static readonly string[] Ready = [HealthTags.Ready];
    private static readonly string[] Drains = [HealthTags.Ready, HealthTags.DrainWhenDegraded];

    [Fact]
    public void All_healthy_is_200() =>
        Assert.Equal(200, HealthEndpoints.StatusCode(Report(("directory", HealthStatus.Healthy, Ready), ("mfa-keys", HealthStatus.Healthy, Drains))));

    [Fact]
    public void No_checks_is_200() => Assert.Equal(200, HealthEndpoints.StatusCode(Report()));

    [Fact]
    public void A_refused_edit_is_degraded_but_keeps_the_node_in_service() =>
        Assert.Equal(200, HealthEndpoints.StatusCode(Report(
            ("config", HealthStatus.Degraded, Ready), ("policy", HealthStatus.Degraded, Ready), ("mfa-keys", HealthStatus.Healthy, Drains))));

    [Fact]
    public void A_degraded_check_tagged_to_drain_is_503() =>
        Assert.Equal(503, HealthEndpoints.StatusCode(Report(("config", HealthStatus.Healthy, Ready), ("mfa-keys", HealthStatus.Degraded, Drains))));

    [Fact]
    public void Unhealthy_is_503_whatever_the_tags() =>
        Assert.Equal(503, HealthEndpoints.StatusCode(Report(("directory", HealthStatus.Unhealthy, Ready))));

    [Fact]
    public void The_status_only_body_is_the_overall_status_and_nothing_else()
    {
        var report = new HealthReport(
            new Dictionary<string, HealthReportEntry>
            {
                ["policy"] = new(HealthStatus.Degraded, "policy edit rejected: /srv/idp/config/policies.json: $.networks.hostile[0]", TimeSpan.Zero, null, null),
            },
            TimeSpan.Zero);

        Assert.Equal("{\"status\":\"Degraded\"}", HealthEndpoints.Body(report, HealthView.StatusOnly));
        Assert.Contains("/srv/idp/config/policies.json", HealthEndpoints.Body(report, HealthView.Details), StringComparison.Ordinal);
    }
}
