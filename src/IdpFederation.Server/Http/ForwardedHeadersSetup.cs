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
        var proxies = configuration.GetSection($"{IdpOptions.SectionName}:Network:TrustedProxies").Get<List<string>>() ?? [];
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
}
