using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using IdpFederation.Core.Networks;

namespace IdpFederation.Infrastructure.Geo;

/// <summary>
/// Country ranges from the CSV layout of the ip-location-db data sets ("start,end,CC" per line, IPv4 or IPv6 text
/// addresses; data CC BY 4.0 by the NRO), loaded into sorted arrays; a lookup is a binary search. Kept beside the mmdb
/// reader for ranges an admin writes by hand (README "Country database"); ReloadingCountryLookup loads it again when a
/// file is replaced.
/// </summary>
public sealed class CsvCountryDatabase : ICountryLookup
{
    private readonly CountryRangeTable<uint> _ipv4;
    private readonly CountryRangeTable<UInt128> _ipv6;

    private CsvCountryDatabase(CountryRangeTable<uint> ipv4, CountryRangeTable<UInt128> ipv6, TimeSpan loadTime)
    {
        _ipv4 = ipv4;
        _ipv6 = ipv6;
        LoadTime = loadTime;
    }

    public bool IsAvailable => true;

    public int RangeCount => _ipv4.Count + _ipv6.Count;

    public long ApproximateBytes => _ipv4.ApproximateBytes + _ipv6.ApproximateBytes;

    public TimeSpan LoadTime { get; }

    /// <summary>Reads every file; a malformed line fails the load with its file and line number.</summary>
    public static CsvCountryDatabase Load(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var clock = Stopwatch.StartNew();
        var ipv4 = new List<(uint, uint, ushort)>(400_000);
        var ipv6 = new List<(UInt128, UInt128, ushort)>(250_000);
        foreach (var path in paths)
        {
            if (!File.Exists(path))
            {
                throw new InvalidDataException($"Idp:Policy:CountryDatabase: '{path}' does not exist (scripts/fetch-geoip.sh downloads it).");
            }

            ReadFile(path, ipv4, ipv6);
        }

        return new CsvCountryDatabase(new CountryRangeTable<uint>(ipv4), new CountryRangeTable<UInt128>(ipv6), clock.Elapsed);
    }

    public string? Lookup(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        address = IpRange.Normalize(address);
        if (SpecialPurposeRanges.Contains(address))
        {
            return null;
        }

        var code = address.AddressFamily == AddressFamily.InterNetwork ? _ipv4.Find(ToUInt32(address)) : _ipv6.Find(ToUInt128(address));
        return code == 0 ? null : CountryCodes.Unpack(code);
    }

    private static void ReadFile(string path, List<(uint, uint, ushort)> ipv4, List<(UInt128, UInt128, ushort)> ipv6)
    {
        using var reader = new StreamReader(path);
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            if (!CountryCsvLine.TryParse(line, out var start, out var end, out var country))
            {
                throw new InvalidDataException($"{path}:{lineNumber}: expected 'start,end,CC' with IP addresses and a two-letter country code.");
            }

            if (start.AddressFamily == AddressFamily.InterNetwork && end.AddressFamily == AddressFamily.InterNetwork)
            {
                ipv4.Add((ToUInt32(start), ToUInt32(end), country));
            }
            else if (start.AddressFamily == AddressFamily.InterNetworkV6 && end.AddressFamily == AddressFamily.InterNetworkV6)
            {
                ipv6.Add((ToUInt128(start), ToUInt128(end), country));
            }
            else
            {
                throw new InvalidDataException($"{path}:{lineNumber}: start and end are of different address families.");
            }
        }
    }

    private static uint ToUInt32(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[4];
        address.TryWriteBytes(bytes, out _);
        return BinaryPrimitives.ReadUInt32BigEndian(bytes);
    }

    private static UInt128 ToUInt128(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        return BinaryPrimitives.ReadUInt128BigEndian(bytes);
    }
}
