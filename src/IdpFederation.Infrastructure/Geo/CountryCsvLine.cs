using System.Net;

namespace IdpFederation.Infrastructure.Geo;

internal static class CountryCsvLine
{
    public static bool TryParse(ReadOnlySpan<char> line, out IPAddress start, out IPAddress end, out ushort country)
    {
        start = end = IPAddress.None;
        country = 0;
        var first = line.IndexOf(',');
        if (first <= 0)
        {
            return false;
        }

        var rest = line[(first + 1)..];
        var second = rest.IndexOf(',');
        if (second <= 0)
        {
            return false;
        }

        var code = rest[(second + 1)..].Trim();
        return IPAddress.TryParse(line[..first], out start!) && IPAddress.TryParse(rest[..second], out end!)
            && CountryCodes.TryPack(code, out country);
    }
}
