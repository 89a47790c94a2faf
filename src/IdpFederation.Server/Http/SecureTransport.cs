using IdpFederation.Core.Configuration;
using Microsoft.Extensions.Options;

namespace IdpFederation.Server.Http;

/// <summary>
/// Behind a TLS-terminating proxy that does not forward the scheme (or is not in Idp:Network:TrustedProxies) a request
/// arrives as plain HTTP, yet the browser speaks HTTPS. When the public base URL is https, the request is treated as
/// https, so every cookie is Secure (session, antiforgery, remembered device) and HSTS is sent, whatever the hop says.
/// </summary>
public static class SecureTransport
{
    public static IApplicationBuilder UsePublicScheme(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            var options = context.RequestServices.GetRequiredService<IOptionsMonitor<IdpOptions>>().CurrentValue;
            if (!context.Request.IsHttps && IsHttpsUrl(options.PublicBaseUrl))
            {
                context.Request.Scheme = Uri.UriSchemeHttps;
            }

            return next(context);
        });

    public static bool IsHttpsUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps;
}
