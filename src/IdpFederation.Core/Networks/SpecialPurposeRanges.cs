using System.Net;

namespace IdpFederation.Core.Networks;

/// <summary>
/// Private, loopback, link-local, shared (CGNAT) and unique-local ranges (RFC 6890). They belong to no country,
/// whatever a registry data set says, so a country rule never judges an office or VPN address by accident.
/// </summary>
public static class SpecialPurposeRanges
{
    private static readonly IpRange[] Ranges = new[]
    {
        "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.168.0.0/16",
        "::1/128", "::/128", "fc00::/7", "fe80::/10",
    }.Select(text => IpRange.TryParse(text, out var range, out _) ? range : throw new InvalidOperationException(text)).ToArray();

    public static bool Contains(IPAddress address) => Ranges.Any(r => r.Contains(address));
}
