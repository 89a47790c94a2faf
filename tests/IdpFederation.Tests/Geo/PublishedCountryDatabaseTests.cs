using System.Diagnostics;
using System.Net;
using IdpFederation.Core.Networks;
using IdpFederation.Infrastructure.Geo;
using IdpFederation.Tests.Server;
using Xunit.Abstractions;

namespace IdpFederation.Tests.Geo;

/// <summary>
/// The full published @ip-location-db/geo-whois-asn-country files, when this machine has them: IDPFED_GEOIP_DIR,
/// then data/geoip/ in the repository, then /tmp/geo/package (where the npm tarball unpacks). The files are tens of
/// megabytes and are not committed. scripts/test.sh fetches them (at the release it pins) and sets
/// IDPFED_GEOIP_REQUIRED=1, so there a missing file fails the test loudly; a run without that variable (a developer's
/// dotnet test without network) reports where it looked and passes.
/// </summary>
[Trait("Kind", "Integration")]
public sealed class PublishedCountryDatabaseTests
{
    public const string Ipv4File = "geo-whois-asn-country-ipv4.csv";
    public const string Ipv6File = "geo-whois-asn-country-ipv6.csv";

    private readonly ITestOutputHelper _output;

    public PublishedCountryDatabaseTests(ITestOutputHelper output) => _output = output;

    public static IReadOnlyList<string> CandidateDirectories()
    {
        var candidates = new List<string>();
        if (Environment.GetEnvironmentVariable("IDPFED_GEOIP_DIR") is { Length: > 0 } configured)
        {
            candidates.Add(configured);
        }

        candidates.Add(Path.Combine(RepositoryPaths.Root, "data", "geoip"));
        candidates.Add("/tmp/geo/package");
        return candidates;
    }

    public static bool Required => Environment.GetEnvironmentVariable("IDPFED_GEOIP_REQUIRED") == "1";

    public static string? FindDirectory(params string[] alsoNeeded) => CandidateDirectories().FirstOrDefault(d =>
        new[] { Ipv4File, Ipv6File }.Concat(alsoNeeded).All(f => File.Exists(Path.Combine(d, f))));

    /// <summary>Fails when the files are required (scripts/test.sh), else says where it looked and how to fetch them.</summary>
    internal static void NotFound(ITestOutputHelper output, string files)
    {
        var message = $"{files} not found in any of: {string.Join(", ", CandidateDirectories())}. Fetch them with scripts/fetch-geoip.sh " +
            "(--format csv and --format mmdb, at one GEOIP_VERSION) into data/geoip/ or set IDPFED_GEOIP_DIR.";
        Assert.False(Required, "IDPFED_GEOIP_REQUIRED=1 but " + message);
        output.WriteLine("NOT RUN: " + message);
    }

    [Fact]
    public void Private_addresses_have_no_country_even_where_the_published_data_registers_them()
    {
        // ICountryLookup promises null for private addresses. The whois-derived data set lists 172.16.0.0/12 and
        // 192.168.0.0/16 as APNIC (AU) registrations, while 10.0.0.0/8 is absent: a client on a 192.168 LAN would be
        // "in Australia" and one on 10/8 "unknown", so country rules would treat office users arbitrarily.
        var directory = FindDirectory();
        if (directory is null)
        {
            NotFound(_output, $"{Ipv4File} and {Ipv6File}");
            return;
        }

        var mmdb = Path.Combine(directory, PublishedCsvMmdbAgreementTests.MmdbFile);
        using var databases = CountryDatabaseSet.Load([Path.Combine(directory, Ipv4File), Path.Combine(directory, Ipv6File)]);
        using var mmdbDatabase = File.Exists(mmdb) ? MmdbCountryDatabase.Open(mmdb) : null;
        foreach (var database in new ICountryLookup?[] { databases, mmdbDatabase }.OfType<ICountryLookup>())
        {
            foreach (var address in new[] { "10.0.0.1", "172.16.0.1", "172.31.255.254", "192.168.0.1", "192.168.255.254", "fd00::1" })
            {
                Assert.True(database.Lookup(IPAddress.Parse(address)) is null, $"{address} (private) got country {database.Lookup(IPAddress.Parse(address))} from {database.GetType().Name}");
            }
        }
    }

    [Fact]
    public void The_full_published_files_load_and_know_well_known_ranges()
    {
        var directory = FindDirectory();
        if (directory is null)
        {
            // Checked, not silently skipped: required under scripts/test.sh, and otherwise the output says where to put them.
            NotFound(_output, $"{Ipv4File} and {Ipv6File}");
            return;
        }

        string[] files = [Path.Combine(directory, Ipv4File), Path.Combine(directory, Ipv6File)];

        // The 2-second load goal is checked by the benchmark (docs/benchmarks.md), never by a timed test.
        var database = CsvCountryDatabase.Load(files);
        _output.WriteLine($"{directory}: {database.RangeCount:N0} ranges, ~{database.ApproximateBytes / 1024.0 / 1024.0:F1} MiB, loaded in {database.LoadTime.TotalMilliseconds:F0} ms");
        Assert.InRange(database.RangeCount, 400_000, 2_000_000);

        (string Address, string? Country)[] known =
        [
            ("8.8.8.8", "US"),               // Google Public DNS
            ("1.1.1.1", "AU"),               // APNIC research prefix (registered in Australia)
            ("193.0.14.129", "NL"),          // k.root-servers.net, RIPE NCC Amsterdam
            ("139.130.4.5", "AU"),           // Telstra
            ("217.160.0.1", "DE"),           // IONOS
            ("::ffff:8.8.4.4", "US"),
            ("2001:4860:4860::8888", "US"),  // Google Public DNS
            ("2a00:1450:4001::1", "IE"),     // Google Ireland
            ("2001:67c:2e8::1", "NL"),       // RIPE NCC
            ("10.0.0.1", null),              // private
            ("127.0.0.1", null),             // loopback
            ("::1", null),
            ("fe80::1", null),
        ];
        foreach (var (address, country) in known)
        {
            Assert.True(country == database.Lookup(IPAddress.Parse(address)), $"{address}: expected {country ?? "no country"}, got {database.Lookup(IPAddress.Parse(address)) ?? "no country"}");
        }
    }
}
