using System.Net;

namespace IdpFederation.Core.Lockout;

/// <summary>Counter names (under the store's counter: prefix); UPNs are upper-cased so case cannot dodge a count.</summary>
internal sealed class LockoutKeys
{
    private readonly string _user;

    public LockoutKeys(string userPrincipalName, IPAddress? clientIp)
    {
        _user = userPrincipalName.Trim().ToUpperInvariant();
        var ip = clientIp is null ? null : Source(clientIp);
        Familiar = ip is null ? null : $"familiar:{_user}:{ip}";
        IpFailures = ip is null ? null : $"ipfail:{ip}";
    }

    public string? Familiar { get; }
    public string? IpFailures { get; }

    /// <summary>
    /// An IPv6 client is counted by its /64: one subscriber or host usually holds the whole /64, so counting single
    /// addresses would let a sprayer rotate through it unlimited.
    /// </summary>
    private static string Source(IPAddress address)
    {
        address = Networks.IpRange.Normalize(address);
        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    public string UserFailures(bool familiar) => $"badpwd:{_user}:{(familiar ? "familiar" : "unfamiliar")}";
}
