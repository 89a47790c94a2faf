using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using IdpFederation.Infrastructure.Geo;
using Xunit.Abstractions;

namespace IdpFederation.Tests.Geo;

/// <summary>
/// The CSV and the mmdb of the same ip-location-db release answer alike for 10,000 addresses: a quarter uniform over
/// IPv4, a quarter over IPv6 (mostly the allocated 2000::/3), and half inside ranges of the CSV files (their first
/// and last addresses included, where off-by-one mistakes show), so most have a country. The seed is printed, and
/// IDPFED_GEO_SEED repeats a run. scripts/test.sh fetches both packages at the version it pins; see
/// PublishedCountryDatabaseTests for where the files are looked for and when their absence fails the test.
/// </summary>
[Trait("Kind", "Integration")]
public sealed partial class PublishedCsvMmdbAgreementTests
{
    public const string MmdbFile = "geo-whois-asn-country.mmdb";
    private const int Addresses = 10_000;
    private readonly ITestOutputHelper _output;

    public PublishedCsvMmdbAgreementTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void Csv_and_mmdb_of_one_release_agree_on_10000_addresses()
    {
        var directory = PublishedCountryDatabaseTests.FindDirectory(MmdbFile);
        if (directory is null)
        {
            PublishedCountryDatabaseTests.NotFound(_output, $"{PublishedCountryDatabaseTests.Ipv4File}, {PublishedCountryDatabaseTests.Ipv6File} and {MmdbFile}");
            return;
        }

        string[] csvFiles = [Path.Combine(directory, PublishedCountryDatabaseTests.Ipv4File), Path.Combine(directory, PublishedCountryDatabaseTests.Ipv6File)];
        _output.WriteLine(SameRelease(directory));
        var seed = Environment.GetEnvironmentVariable("IDPFED_GEO_SEED") is { Length: > 0 } given
            ? int.Parse(given, CultureInfo.InvariantCulture)
            : Random.Shared.Next();
        _output.WriteLine($"seed {seed} (IDPFED_GEO_SEED={seed} repeats this run)");
        var random = new Random(seed);
        var csv = CsvCountryDatabase.Load(csvFiles);
        using var mmdb = MmdbCountryDatabase.Open(Path.Combine(directory, MmdbFile));
        var ranges = csvFiles.SelectMany(File.ReadLines).Where(l => l.Length > 0).Select(l => l.Split(',')).ToArray();
        var v4Ranges = ranges.Where(r => !r[0].Contains(':', StringComparison.Ordinal)).ToArray();
        var v6Ranges = ranges.Where(r => r[0].Contains(':', StringComparison.Ordinal)).ToArray();

        var samples = new List<(string Kind, IPAddress Address, string[]? Range)>(Addresses);
        for (var i = 0; i < Addresses / 4; i++)
        {
            samples.Add(("random IPv4", RandomIpv4(random), null));
            samples.Add(("random IPv6", RandomIpv6(random, allocatedOnly: i % 5 != 0), null));
            var v4 = v4Ranges[random.Next(v4Ranges.Length)];
            var v6 = v6Ranges[random.Next(v6Ranges.Length)];
            samples.Add(("inside IPv4 range", Inside(random, v4), v4));
            samples.Add(("inside IPv6 range", Inside(random, v6), v6));
        }

        var disagreements = new StringBuilder();
        var disagreeing = 0;
        foreach (var kind in samples.GroupBy(s => s.Kind))
        {
            var known = 0;
            foreach (var (_, address, range) in kind)
            {
                var fromCsv = csv.Lookup(address);
                var fromMmdb = mmdb.Lookup(address);
                known += fromCsv is null ? 0 : 1;
                if (fromCsv != fromMmdb && ++disagreeing <= 25)
                {
                    disagreements.AppendLine(CultureInfo.InvariantCulture, $"  {address} ({kind.Key}{(range is null ? "" : $" {string.Join(',', range)}")}): " +
                        $"CSV {fromCsv ?? "no country"}, mmdb {fromMmdb ?? "no country"}");
                }
            }

            _output.WriteLine($"{kind.Key}: {kind.Count()} addresses, {known} with a country");
        }

        Assert.True(disagreeing == 0, $"seed {seed}: {disagreeing} of {samples.Count} addresses disagree (first 25):\n{disagreements}");
        // The in-range half must mostly have a country, or the comparison says little.
        Assert.True(samples.Count(s => s.Range is not null && csv.Lookup(s.Address) is not null) > Addresses * 0.4, "too few addresses with a country");
    }

    [Fact]
    public void Csv_and_mmdb_of_one_release_agree_on_the_first_and_last_address_of_every_csv_range()
    {
        // Overlapping ranges are where the two could differ (CountryRangeTable remarks); a random sample meets one of
        // the ~700 overlaps about once in 10,000, so every boundary is checked here.
        var directory = PublishedCountryDatabaseTests.FindDirectory(MmdbFile);
        if (directory is null)
        {
            PublishedCountryDatabaseTests.NotFound(_output, $"{PublishedCountryDatabaseTests.Ipv4File}, {PublishedCountryDatabaseTests.Ipv6File} and {MmdbFile}");
            return;
        }

        string[] csvFiles = [Path.Combine(directory, PublishedCountryDatabaseTests.Ipv4File), Path.Combine(directory, PublishedCountryDatabaseTests.Ipv6File)];
        var csv = CsvCountryDatabase.Load(csvFiles);
        using var mmdb = MmdbCountryDatabase.Open(Path.Combine(directory, MmdbFile));
        var disagreements = new StringBuilder();
        var disagreeing = 0;
        var checkedAddresses = 0;
        foreach (var line in csvFiles.SelectMany(File.ReadLines).Where(l => l.Length > 0))
        {
            foreach (var text in line.Split(',')[..2])
            {
                var address = IPAddress.Parse(text);
                checkedAddresses++;
                if (csv.Lookup(address) is var fromCsv && mmdb.Lookup(address) is var fromMmdb && fromCsv != fromMmdb && ++disagreeing <= 25)
                {
                    disagreements.AppendLine(CultureInfo.InvariantCulture, $"  {address} (line {line}): CSV {fromCsv ?? "no country"}, mmdb {fromMmdb ?? "no country"}");
                }
            }
        }

        _output.WriteLine($"{checkedAddresses:N0} range boundaries checked");
        Assert.True(disagreeing == 0, $"{disagreeing} of {checkedAddresses} range boundaries disagree (first 25):\n{disagreements}");
    }

    /// <summary>Both packages' lines in SOURCE (scripts/fetch-geoip.sh) must name the same version.</summary>
    private static string SameRelease(string directory)
    {
        var source = Path.Combine(directory, "SOURCE");
        if (!File.Exists(source))
        {
            return $"{directory} has no SOURCE file; the two packages' versions are not checked.";
        }

        var versions = File.ReadLines(source).Select(l => SourceLine().Match(l)).Where(m => m.Success)
            .ToDictionary(m => m.Groups["package"].Value, m => m.Groups["version"].Value, StringComparer.Ordinal);
        Assert.True(versions.TryGetValue("@ip-location-db/geo-whois-asn-country", out var csvVersion), $"{source} names no CSV package");
        Assert.True(versions.TryGetValue("@ip-location-db/geo-whois-asn-country-mmdb", out var mmdbVersion), $"{source} names no mmdb package");
        Assert.True(csvVersion == mmdbVersion, $"{source}: the CSV is release {csvVersion} and the mmdb {mmdbVersion}; fetch both at one GEOIP_VERSION");
        return $"release {csvVersion} (CSV and mmdb, from {source})";
    }

    private static IPAddress RandomIpv4(Random random)
    {
        Span<byte> bytes = stackalloc byte[4];
        random.NextBytes(bytes);
        return new IPAddress(bytes);
    }

    private static IPAddress RandomIpv6(Random random, bool allocatedOnly)
    {
        var bytes = new byte[16];
        random.NextBytes(bytes);
        if (allocatedOnly)
        {
            bytes[0] = (byte)(0x20 | (bytes[0] & 0x1F)); // 2000::/3, global unicast (RFC 4291 §2.4)
        }

        return new IPAddress(bytes);
    }

    /// <summary>The range's first address, its last, or one in between.</summary>
    private static IPAddress Inside(Random random, string[] range)
    {
        var start = IPAddress.Parse(range[0]).GetAddressBytes();
        var end = IPAddress.Parse(range[1]).GetAddressBytes();
        var (low, high) = (ReadNumber(start), ReadNumber(end));
        var pick = random.Next(10) switch
        {
            0 => low,
            1 => high,
            _ => low + (RandomUInt128(random) % (high - low + 1 == 0 ? UInt128.MaxValue : high - low + 1)),
        };
        return new IPAddress(WriteNumber(pick, start.Length));
    }

    private static UInt128 RandomUInt128(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        return BinaryPrimitives.ReadUInt128BigEndian(bytes);
    }

    private static UInt128 ReadNumber(byte[] bytes) =>
        bytes.Length == 4 ? BinaryPrimitives.ReadUInt32BigEndian(bytes) : BinaryPrimitives.ReadUInt128BigEndian(bytes);

    private static byte[] WriteNumber(UInt128 number, int length)
    {
        var bytes = new byte[length];
        if (length == 4)
        {
            BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)number);
        }
        else
        {
            BinaryPrimitives.WriteUInt128BigEndian(bytes, number);
        }

        return bytes;
    }

    [GeneratedRegex(@"^(?<package>@ip-location-db/\S+) (?<version>\S+),")]
    private static partial Regex SourceLine();
}
