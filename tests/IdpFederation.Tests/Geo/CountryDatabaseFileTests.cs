using System.Net;
using IdpFederation.Infrastructure.Geo;

namespace IdpFederation.Tests.Geo;

/// <summary>Which reader a file gets, and the start-up error for a file neither reader can use: file name and what is wrong.</summary>
[Trait("Kind", "Unit")]
public sealed class CountryDatabaseFileTests : IDisposable
{
    private readonly string _temp = Path.Combine(Path.GetTempPath(), "idpfed-geofile-" + Guid.NewGuid().ToString("N")[..12]);

    public CountryDatabaseFileTests() => System.IO.Directory.CreateDirectory(_temp);

    public void Dispose() => System.IO.Directory.Delete(_temp, recursive: true);

    [Fact]
    public void The_content_decides_not_the_name()
    {
        var mmdbNamedDat = WriteMmdb("countries.dat");
        Assert.Equal(CountryDatabaseFormat.Mmdb, CountryDatabaseFormats.Detect(mmdbNamedDat));
        Assert.Equal(CountryDatabaseFormat.Csv, CountryDatabaseFormats.Detect(CountryFixtures.Ipv4));
        using var set = CountryDatabaseSet.Load([mmdbNamedDat]);
        Assert.Equal("AU", set.Lookup(IPAddress.Parse("1.0.0.1")));
        Assert.Contains("(mmdb)", set.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_mmdb_is_named_and_called_truncated()
    {
        var path = WriteMmdb("countries.mmdb");
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);

        var error = Assert.Throws<InvalidDataException>(() => CountryDatabaseSet.Load([path]));

        Assert.Equal($"Idp:Policy:CountryDatabase: '{path}' is named .mmdb but has no MaxMind DB metadata marker in its last 128 KiB: " +
            "the file is truncated (an interrupted download?) or not a MaxMind DB file.", error.Message);
    }

    [Fact]
    public void An_empty_mmdb_is_refused()
    {
        var path = Path.Combine(_temp, "empty.mmdb");
        File.WriteAllBytes(path, []);
        var error = Assert.Throws<InvalidDataException>(() => CountryDatabaseSet.Load([path]));
        Assert.StartsWith($"Idp:Policy:CountryDatabase: '{path}' is named .mmdb but has no MaxMind DB metadata marker", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unreadable_metadata_after_the_marker_is_refused_with_the_reason()
    {
        var path = WriteMmdb("countries.mmdb");
        var bytes = File.ReadAllBytes(path);
        byte[] markerBytes = [0xAB, 0xCD, 0xEF, .. "MaxMind.com"u8];
        var marker = bytes.AsSpan().LastIndexOf(markerBytes);
        // Replace the metadata map with a lone string: not a map, so node_count and the rest are missing.
        File.WriteAllBytes(path, [.. bytes[..(marker + 14)], 0x43, (byte)'a', (byte)'b', (byte)'c']);

        var error = Assert.Throws<InvalidDataException>(() => CountryDatabaseSet.Load([path]));

        Assert.StartsWith($"Idp:Policy:CountryDatabase: '{path}' is not a usable MaxMind DB country database: its MaxMind DB metadata cannot be read (", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_corrupt_search_tree_is_refused_with_the_reason()
    {
        var path = WriteMmdb("countries.mmdb");
        var bytes = File.ReadAllBytes(path);
        // Every record of the first nodes points far past the data section.
        bytes.AsSpan(0, 60).Fill(0xFF);
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<InvalidDataException>(() => CountryDatabaseSet.Load([path]));

        Assert.StartsWith($"Idp:Policy:CountryDatabase: '{path}' is not a usable MaxMind DB country database: its search tree or data section is corrupt (", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_MaxMind_DB_without_country_codes_is_not_a_country_database()
    {
        var path = Path.Combine(_temp, "GeoLite2-ASN.mmdb");
        var writer = new MmdbTestWriter(databaseType: "GeoLite2-ASN");
        writer.AddRange(IPAddress.Parse("8.8.8.0"), IPAddress.Parse("8.8.8.255"),
            new Dictionary<string, object> { ["autonomous_system_number"] = 15169u, ["autonomous_system_organization"] = "GOOGLE" });
        writer.Write(path);

        var error = Assert.Throws<InvalidDataException>(() => CountryDatabaseSet.Load([path]));

        Assert.Equal($"Idp:Policy:CountryDatabase: '{path}' is not a usable MaxMind DB country database: its first 1 records " +
            "(database_type 'GeoLite2-ASN') have neither country_code (ip-location-db) nor country.iso_code (GeoLite2/GeoIP2-Country): " +
            "it is not a country database.", error.Message);
    }

    [Fact]
    public void A_country_code_that_is_not_two_letters_is_refused()
    {
        var path = Path.Combine(_temp, "odd.mmdb");
        var writer = new MmdbTestWriter();
        writer.AddRange(IPAddress.Parse("8.8.8.0"), IPAddress.Parse("8.8.8.255"), MmdbTestWriter.IpLocationDbRecord("USA"));
        writer.Write(path);

        var error = Assert.Throws<InvalidDataException>(() => CountryDatabaseSet.Load([path]));

        Assert.Contains($"'{path}' is not a usable MaxMind DB country database: its record for 8.8.8.0/24 has country code 'USA', not two letters.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        var path = Path.Combine(_temp, "absent.mmdb");
        var error = Assert.Throws<InvalidDataException>(() => CountryDatabaseSet.Load([path]));
        Assert.Equal($"Idp:Policy:CountryDatabase: '{path}' does not exist (scripts/fetch-geoip.sh downloads it).", error.Message);
    }

    [Fact]
    public void Csv_and_mmdb_files_can_be_listed_together_and_the_first_answer_wins()
    {
        var path = Path.Combine(_temp, "override.mmdb");
        var writer = new MmdbTestWriter();
        writer.AddRange(IPAddress.Parse("8.8.8.0"), IPAddress.Parse("8.8.8.255"), MmdbTestWriter.IpLocationDbRecord("NZ"));
        writer.Write(path);

        using var mmdbFirst = CountryDatabaseSet.Load([path, CountryFixtures.Ipv4, CountryFixtures.Ipv6]);
        using var csvFirst = CountryDatabaseSet.Load([CountryFixtures.Ipv4, path, CountryFixtures.Ipv6]);

        Assert.Equal("NZ", mmdbFirst.Lookup(IPAddress.Parse("8.8.8.8")));
        Assert.Equal("US", mmdbFirst.Lookup(IPAddress.Parse("8.8.4.4")));
        Assert.Equal("US", csvFirst.Lookup(IPAddress.Parse("8.8.8.8")));
        Assert.Equal("JP", csvFirst.Lookup(IPAddress.Parse("2001:218:2000:51::1")));
    }

    [Fact]
    public void An_admins_own_csv_listed_first_overrides_the_published_csv_where_they_overlap()
    {
        var own = Path.Combine(_temp, "own.csv");
        File.WriteAllText(own, "8.8.8.0,8.8.8.255,NZ\n");

        using var set = CountryDatabaseSet.Load([own, CountryFixtures.Ipv4, CountryFixtures.Ipv6]);

        Assert.Equal("NZ", set.Lookup(IPAddress.Parse("8.8.8.8")));
        Assert.Equal("US", set.Lookup(IPAddress.Parse("8.8.9.1")));
        Assert.Equal("US", set.Lookup(IPAddress.Parse("8.8.7.255")));
    }

    private string WriteMmdb(string name)
    {
        var path = Path.Combine(_temp, name);
        MmdbTestWriter.FromCsv([CountryFixtures.Ipv4, CountryFixtures.Ipv6], MmdbTestWriter.IpLocationDbRecord).Write(path);
        return path;
    }
}
