using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace IdpFederation.Core.Networks;

/// <summary>A CIDR block (IPv4 or IPv6). IPv4-mapped IPv6 addresses are matched as IPv4.</summary>
public sealed record IpRange(IPAddress Network, int PrefixLength)
{
    public static bool TryParse(string text, out IpRange range, out string? error)
    {
        range = null!;
        error = null;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var addressText = slash < 0 ? text : text[..slash];
        if (!IPAddress.TryParse(addressText, out var address) || addressText.Contains('%', StringComparison.Ordinal))
        {
            error = $"'{text}' is not an IP address or CIDR range.";
            return false;
        }

        var mapped = address.IsIPv4MappedToIPv6;
        var maxPrefix = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var prefix = maxPrefix;
        if (slash >= 0 && (!int.TryParse(text[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out prefix) || prefix > maxPrefix))
        {
            error = $"'{text}' has an invalid prefix length (0 to {maxPrefix}).";
            return false;
        }

        if (mapped)
        {
            // ::ffff:192.0.2.0/120 is the IPv6 spelling of 192.0.2.0/24: the mapped form's first 96 bits are fixed.
            if (prefix < 96)
            {
                error = $"'{text}' is an IPv4-mapped range, so its prefix must be at least 96.";
                return false;
            }

            prefix -= 96;
            address = address.MapToIPv4();
        }

        var network = Mask(address.GetAddressBytes(), prefix);
        if (!network.SequenceEqual(address.GetAddressBytes()))
        {
            // A typo such as 203.0.113.7/24 usually means the admin meant a different range; refuse rather than guess.
            error = $"'{text}' has host bits set; did you mean {new IPAddress(network)}/{prefix}?";
            return false;
        }

        range = new IpRange(new IPAddress(network), prefix);
        return true;
    }

    public bool Contains(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        address = Normalize(address);
        if (address.AddressFamily != Network.AddressFamily)
        {
            return false;
        }

        return Mask(address.GetAddressBytes(), PrefixLength).AsSpan().SequenceEqual(Network.GetAddressBytes());
    }

    public override string ToString() => $"{Network}/{PrefixLength}";

    public static IPAddress Normalize(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
    }

    private static byte[] Mask(byte[] bytes, int prefix)
    {
        for (var i = 0; i < bytes.Length; i++)
        {
            var bits = Math.Clamp(prefix - (i * 8), 0, 8);
            bytes[i] &= (byte)(0xFF << (8 - bits));
        }

        return bytes;
    }
}
