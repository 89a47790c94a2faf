using System.Net;
using IdpFederation.Core.Configuration;
using IdpFederation.Core.Networks;
using IdpFederation.Core.Policies;
using Microsoft.Extensions.Options;

namespace IdpFederation.Server.Http;

/// <summary>
/// The client's address for policy and audit. RemoteIpAddress already reflects X-Forwarded-For from trusted proxies
/// only (ForwardedHeaders middleware); Entra's X-MS-Forwarded-Client-IP is believed only on active requests from a
/// configured source.
/// </summary>
public sealed class ClientAddressResolver
{
    public const string EntraClientIpHeader = "X-MS-Forwarded-Client-IP";
    private readonly IOptionsMonitor<IdpOptions> _options;

    public ClientAddressResolver(IOptionsMonitor<IdpOptions> options) => _options = options;

    public IPAddress? Resolve(HttpContext context, ClientKind kind)
    {
        ArgumentNullException.ThrowIfNull(context);
        var peer = context.Connection.RemoteIpAddress is { } remote ? IpRange.Normalize(remote) : null;
        if (kind != ClientKind.Active || peer is null)
        {
            return peer;
        }

        var sources = _options.CurrentValue.Network.TrustedClientIpHeaderSources;
        var trusted = sources.Any(s => IpRange.TryParse(s, out var range, out _) && range.Contains(peer));
        var header = context.Request.Headers[EntraClientIpHeader].ToString();
        return trusted && IPAddress.TryParse(header.Split(',')[0].Trim(), out var forwarded) ? IpRange.Normalize(forwarded) : peer;
    }
}
