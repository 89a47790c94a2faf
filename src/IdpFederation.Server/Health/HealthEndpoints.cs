using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace IdpFederation.Server.Health;

public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapIdpHealthChecks(this IEndpointRouteBuilder endpoints)
    {
        // Live: the process answers. Ready: dependencies answer, so a load balancer can drain this node.
        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync });
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(HealthTags.Ready), ResponseWriter = WriteAsync });
        endpoints.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = WriteAsync });
        return endpoints;
    }

    /// <summary>
    /// 503 when any check is Unhealthy, or Degraded and tagged <see cref="HealthTags.DrainWhenDegraded"/>; else 200.
    /// ASP.NET maps the report's overall status alone (Degraded is 200), which cannot tell a node that must be
    /// drained from one that merely reports a refused edit.
    /// </summary>
    public static int StatusCode(HealthReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var drain = report.Entries.Values.Any(e => e.Status == HealthStatus.Unhealthy
            || (e.Status == HealthStatus.Degraded && e.Tags.Contains(HealthTags.DrainWhenDegraded)));
        return drain ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK;
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        // The middleware has set its own status from the overall status; nothing is written yet, so this one wins.
        context.Response.StatusCode = StatusCode(report);
        context.Response.ContentType = "application/json";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body), context.RequestAborted);
    }
}
