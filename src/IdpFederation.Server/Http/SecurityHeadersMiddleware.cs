using System.Security.Cryptography;

namespace IdpFederation.Server.Http;

/// <summary>
/// Sets CSP, anti-framing and no-store on every response. A result that must post to another origin (the WS-Fed
/// auto-post form) sets its own CSP first, and this one leaves it alone.
/// </summary>
public sealed class SecurityHeadersMiddleware
{
    private const string NonceKey = "idpfed.csp-nonce";
    private readonly RequestDelegate _next;

    public SecurityHeadersMiddleware(RequestDelegate next) => _next = next;

    public static string GetNonce(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return (string)context.Items[NonceKey]!;
    }

    public static string ContentSecurityPolicy(string nonce, string formAction) =>
        $"default-src 'none'; script-src 'nonce-{nonce}'; style-src 'self' 'nonce-{nonce}'; img-src 'self' https: data:; " +
        $"form-action {formAction}; frame-ancestors 'none'; base-uri 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        context.Items[NonceKey] = nonce;
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            if (!headers.ContainsKey("Content-Security-Policy"))
            {
                headers.ContentSecurityPolicy = ContentSecurityPolicy(nonce, "'self'");
            }

            headers.XFrameOptions = "DENY";
            headers.XContentTypeOptions = "nosniff";
            // The sign-in URL carries wctx and the username; never leak it to another origin.
            headers["Referrer-Policy"] = "no-referrer";
            if (!headers.ContainsKey("Cache-Control"))
            {
                headers.CacheControl = "no-store";
            }

            if (context.Request.IsHttps)
            {
                headers.StrictTransportSecurity = "max-age=31536000; includeSubDomains";
            }

            return Task.CompletedTask;
        });
        return _next(context);
    }
}
