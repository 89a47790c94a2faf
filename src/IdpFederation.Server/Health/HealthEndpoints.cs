using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Net.Http.Headers;

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
    /// The management listener serves health (and /metrics, answered just before this, MetricsScrapingEndpoint) and
    /// nothing else: sign-in pages there would be a second way in that the reverse proxy, its TLS and its rules know
    /// nothing about. Runs first, so the 404 is not re-executed as a page.
    /// </summary>
    public static IApplicationBuilder UseHealthManagementListener(this IApplicationBuilder app)
    {
        var access = app.ApplicationServices.GetRequiredService<HealthDetailsAccess>();
        return access.ManagementPort is null ? app : app.Use((context, next) =>
        {
            if (access.IsManagementRequest(context) && !context.Request.Path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }

            return next(context);
        });
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

    /// <summary>
    /// The body for <paramref name="view"/>: the overall status alone, or with every check's status and description.
    /// The descriptions name files, quote refused edits and count rules, so they are for operators only (Idp:Health).
    /// </summary>
    public static string Body(HealthReport report, HealthView view)
    {
        ArgumentNullException.ThrowIfNull(report);
        var status = report.Status.ToString();
        return view == HealthView.Details
            ? JsonSerializer.Serialize(new
            {
                status,
                checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
            })
            : JsonSerializer.Serialize(new { status });
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        // The middleware has set its own status from the overall status; nothing is written yet, so this one wins.
        var view = context.RequestServices.GetRequiredService<HealthDetailsAccess>().ViewFor(context);
        context.Response.Headers.CacheControl = "no-store";
        if (view == HealthView.Refused)
        {
            // A monitor reads the status code; the branded error page is for people, so it is not re-executed here.
            context.Features.Get<IStatusCodePagesFeature>()?.Enabled = false;
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
            return Task.CompletedTask;
        }

        context.Response.StatusCode = StatusCode(report);
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(Body(report, view), context.RequestAborted);
    }
}
