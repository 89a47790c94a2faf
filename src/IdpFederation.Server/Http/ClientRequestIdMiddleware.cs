using System.Diagnostics;
using IdpFederation.Core.Telemetry;

namespace IdpFederation.Server.Http;

/// <summary>
/// Puts Entra's client-request-id (query or header) in the logging scope, so a support case quoting it finds our
/// log lines, and on the request's span when spans are recorded (the sign-in spans carry it too, from the stored
/// request); the value is length-capped, a GUID, and never echoed into HTML.
/// </summary>
public sealed class ClientRequestIdMiddleware
{
    private const int MaxLength = 64;
    private readonly RequestDelegate _next;
    private readonly ILogger<ClientRequestIdMiddleware> _logger;

    public ClientRequestIdMiddleware(RequestDelegate next, ILogger<ClientRequestIdMiddleware> logger)
    {
        _next = next;
        _logger = logger;
    }

    public static string? Get(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        string? value = context.Request.Query["client-request-id"];
        if (string.IsNullOrEmpty(value))
        {
            value = context.Request.Headers["client-request-id"];
        }

        return value is { Length: > 0 and <= MaxLength } && Guid.TryParse(value, out var id) ? id.ToString() : null;
    }

    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var clientRequestId = Get(context);
        if (clientRequestId is null)
        {
            await _next(context).ConfigureAwait(false);
            return;
        }

        if (Activity.Current is { IsAllDataRequested: true } span)
        {
            span.SetTag(SignInTracing.ClientRequestIdTag, clientRequestId);
        }

        using (_logger.BeginScope(new Dictionary<string, object> { ["ClientRequestId"] = clientRequestId }))
        {
            await _next(context).ConfigureAwait(false);
        }
    }
}
