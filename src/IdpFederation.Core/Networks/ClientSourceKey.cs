using System.Net;
using System.Net.Sockets;

namespace IdpFederation.Core.Networks;

/// <summary>
/// The unit a per-client limit counts: an IPv4 address, or an IPv6 /64. One subscriber or host usually holds a whole
/// /64 (RFC 6177, RFC 8273), so counting single IPv6 addresses would let one client rotate through 2^64 of them.
/// Lockout counts the same way (LockoutKeys).
/// </summary>
public static class ClientSourceKey
{
    /// <summary>What clients with no known address (none should reach us) share.</summary>
    public const string Unknown = "unknown";

    public static string For(IPAddress? address)
    {
        if (address is null)
        {
            return Unknown;
        }

        address = IpRange.Normalize(address);
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
