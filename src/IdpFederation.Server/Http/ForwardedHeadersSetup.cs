using IdpFederation.Core.Configuration;
using Microsoft.AspNetCore.HttpOverrides;

namespace IdpFederation.Server.Http;

public static class ForwardedHeadersSetup
{
    /// <summary>
    /// X-Forwarded-For is honoured only from Idp:Network:TrustedProxies. ASP.NET trusts loopback by default; that is
    /// cleared, because a header from an untrusted hop would let a client pick the address policies see.
    /// Read at start-up: changing trusted proxies needs a restart.
    /// </summary>
    public static IServiceCollection AddTrustedForwardedHeaders(this IServiceCollection services, IConfiguration configuration)
    {
        var proxies = TrustedProxies(configuration);
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            options.ForwardLimit = null;
            foreach (var proxy in proxies)
            {
                if (System.Net.IPNetwork.TryParse(proxy, out var network))
                {
                    options.KnownIPNetworks.Add(network);
                }
            }
        });
        return services;
    }

    /// <summary>
    /// Only with trusted proxies configured: the middleware treats empty known-proxy lists as "trust every hop", which
    /// would let any client choose the address that policies and audit see.
    /// </summary>
    public static IApplicationBuilder UseTrustedForwardedHeaders(this IApplicationBuilder app, IConfiguration configuration) =>
        TrustedProxies(configuration).Count == 0 ? app : app.UseForwardedHeaders();

    private static List<string> TrustedProxies(IConfiguration configuration) =>
        configuration.GetSection($"{IdpOptions.SectionName}:Network:TrustedProxies").Get<List<string>>() ?? [];
}
