namespace IdpFederation.Core.Configuration;

/// <summary>Which upstream hosts may tell us the client's address.</summary>
public sealed class NetworkOptions
{
    /// <summary>
    /// Reverse proxies / load balancers (CIDR) whose X-Forwarded-For is believed. Empty: the TCP peer is the client,
    /// because anyone can send the header.
    /// </summary>
    public List<string> TrustedProxies { get; set; } = [];

    /// <summary>
    /// Sources (CIDR, e.g. Entra's egress ranges) whose X-MS-Forwarded-Client-IP is believed on active (WS-Trust)
    /// requests, where Entra relays the user's credentials and the TCP peer is Microsoft, not the user.
    /// </summary>
    public List<string> TrustedClientIpHeaderSources { get; set; } = [];
}
