using System.Net;
using IdpFederation.Infrastructure.Geo;

namespace IdpFederation.Tests.Geo;

/// <summary>
/// The fixture ranges written as .mmdb files (MmdbTestWriter) in both layouts and both tree kinds, read through
/// MaxMind.Db: every address gets the answer the CSV reader gives for the same ranges.
/// </summary>
[Trait("Kind", "Unit")]
public sealed class MmdbCountryDatabaseTests : IClassFixture<MmdbCountryDatabaseTests.Files>
{
    private readonly Files _files;

    public MmdbCountryDatabaseTests(Files files) => _files = files;

    [Theory]
    [MemberData(nameof(CountryFixtureCases.InsideRanges), MemberType = typeof(CountryFixtureCases))]
    public void Addresses_inside_a_range_get_its_country_in_both_layouts(string address, string country)
    {
        Assert.Equal(country, _files.IpLocationDb.Lookup(IPAddress.Parse(address)));
        Assert.Equal(country, _files.GeoLite2.Lookup(IPAddress.Parse(address)));
    }

    [Theory]
    [MemberData(nameof(CountryFixtureCases.OutsideRanges), MemberType = typeof(CountryFixtureCases))]
    public void Addresses_in_no_range_have_no_country_in_both_layouts(string address)
    {
        Assert.Null(_files.IpLocationDb.Lookup(IPAddress.Parse(address)));
        Assert.Null(_files.GeoLite2.Lookup(IPAddress.Parse(address)));
    }

    [Fact]
    public void IPv4_data_in_the_IPv6_tree_is_not_the_answer_for_IPv4_compatible_addresses()
    {
        // The tree stores 1.0.0.0/24 at ::1.0.0.0/120 (MaxMind DB spec); the CSV reader says "no country" for ::1.0.0.1.
        Assert.Equal("AU", _files.IpLocationDb.Lookup(IPAddress.Parse("1.0.0.1")));
        Assert.Null(_files.IpLocationDb.Lookup(IPAddress.Parse("::100:1")));
        Assert.Null(_files.IpLocationDb.Lookup(IPAddress.Parse("::1.0.0.1")));
    }

    [Fact]
    public void An_IPv4_only_file_answers_IPv4_and_knows_no_IPv6_address()
    {
        Assert.Equal(4, _files.Ipv4Only.Metadata.IPVersion);
        Assert.Equal("US", _files.Ipv4Only.Lookup(IPAddress.Parse("8.8.8.8")));
        Assert.Equal("US", _files.Ipv4Only.Lookup(IPAddress.Parse("::ffff:8.8.8.8")));
        Assert.Null(_files.Ipv4Only.Lookup(IPAddress.Parse("2001:4860::1")));
    }

    [Fact]
    public void Lookups_answer_the_same_interned_upper_case_strings_as_the_csv_reader()
    {
        var csv = CsvCountryDatabase.Load([CountryFixtures.Ipv4]);
        Assert.Same(csv.Lookup(IPAddress.Parse("9.9.9.9")), _files.IpLocationDb.Lookup(IPAddress.Parse("9.9.9.9")));
    }

    public sealed class Files : IDisposable
    {
        private readonly string _directory = Path.Combine(Path.GetTempPath(), "idpfed-mmdb-" + Guid.NewGuid().ToString("N")[..12]);

        public Files()
        {
            System.IO.Directory.CreateDirectory(_directory);
            string[] csv = [CountryFixtures.Ipv4, CountryFixtures.Ipv6];
            IpLocationDb = Open(MmdbTestWriter.FromCsv(csv, MmdbTestWriter.IpLocationDbRecord), "ip-location-db.mmdb");
            GeoLite2 = Open(MmdbTestWriter.FromCsv(csv, MmdbTestWriter.GeoLite2Record, databaseType: "GeoLite2-Country"), "GeoLite2-Country.mmdb");
            Ipv4Only = Open(MmdbTestWriter.FromCsv(csv, MmdbTestWriter.IpLocationDbRecord, ipVersion: 4, databaseType: "country ipv4"), "ipv4.mmdb");
        }

        public MmdbCountryDatabase IpLocationDb { get; }

        public MmdbCountryDatabase GeoLite2 { get; }

        public MmdbCountryDatabase Ipv4Only { get; }

        public void Dispose()
        {
            IpLocationDb.Dispose();
            GeoLite2.Dispose();
            Ipv4Only.Dispose();
            System.IO.Directory.Delete(_directory, recursive: true);
        }

        private MmdbCountryDatabase Open(MmdbTestWriter writer, string name)
        {
            var path = Path.Combine(_directory, name);
            writer.Write(path);
            return MmdbCountryDatabase.Open(path);
        }
    }
}
