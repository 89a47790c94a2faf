using System.Net;
using IdpFederation.Infrastructure.Geo;

namespace IdpFederation.Tests.Geo;

/// <summary>
/// Overlapping ranges, as the published files have (CountryRangeTable remarks): the line read last wins where they
/// overlap, which is how the .mmdb of the same release answers, and no part of a range is lost to its neighbours.
/// </summary>
[Trait("Kind", "Unit")]
public sealed class CountryRangeOverlapTests : IDisposable
{
    private readonly string _temp = Path.Combine(Path.GetTempPath(), "idpfed-overlap-" + Guid.NewGuid().ToString("N")[..12]);

    public CountryRangeOverlapTests() => System.IO.Directory.CreateDirectory(_temp);

    public void Dispose() => System.IO.Directory.Delete(_temp, recursive: true);

    [Theory]
    // Nested (5.61.192.0/21 FR holds 5.61.194.0/23 NL, as in release 2.3.2026061719): the inner range, then the outer again.
    [InlineData("5.61.192.0", "FR")]
    [InlineData("5.61.193.255", "FR")]
    [InlineData("5.61.194.0", "NL")]
    [InlineData("5.61.195.255", "NL")]
    [InlineData("5.61.196.0", "FR")]
    [InlineData("5.61.199.255", "FR")]
    // One start, the narrower range second (103.194.236.0: HK for /22, then JP for /24).
    [InlineData("103.194.236.49", "JP")]
    [InlineData("103.194.237.1", "HK")]
    [InlineData("103.194.239.255", "HK")]
    // Crossing ranges: the later line takes the shared part.
    [InlineData("17.87.144.0", "CN")]
    [InlineData("17.87.151.0", "JP")]
    [InlineData("17.87.151.255", "JP")]
    [InlineData("17.87.152.0", "JP")]
    // A later, wider range over an earlier, narrower one covers it.
    [InlineData("44.61.0.1", "GB")]
    // Three deep in IPv6.
    [InlineData("2001:420:4000::1", "GB")]
    [InlineData("2001:420:4100::1", "GB")]
    [InlineData("2001:420:4f00::1", "NL")]
    [InlineData("2001:420:7000::1", "JP")]
    [InlineData("2001:420:8000::", null)]
    // Just outside every cluster.
    [InlineData("5.61.191.255", null)]
    [InlineData("5.61.200.0", null)]
    public void The_line_read_last_wins_where_ranges_overlap(string address, string? country)
    {
        var database = CsvCountryDatabase.Load([Write("""
            5.61.192.0,5.61.199.255,FR
            5.61.194.0,5.61.195.255,NL
            17.87.144.0,17.87.151.255,CN
            17.87.151.0,17.87.167.255,JP
            44.61.0.0,44.61.0.255,US
            44.61.0.0,44.61.255.255,GB
            103.194.236.0,103.194.239.255,HK
            103.194.236.0,103.194.236.255,JP
            2001:420:4000::,2001:420:7fff:ffff:ffff:ffff:ffff:ffff,JP
            2001:420:4000::,2001:420:4fff:ffff:ffff:ffff:ffff:ffff,NL
            2001:420:4000::,2001:420:40ff:ffff:ffff:ffff:ffff:ffff,GB
            2001:420:4100::,2001:420:41ff:ffff:ffff:ffff:ffff:ffff,GB
            """)]);

        Assert.Equal(country, database.Lookup(IPAddress.Parse(address)));
    }

    [Fact]
    public void Overlaps_reaching_the_top_of_the_address_space_do_not_overflow()
    {
        var database = CsvCountryDatabase.Load([Write("""
            255.255.255.0,255.255.255.255,ZZ
            255.255.255.128,255.255.255.255,AQ
            ffff:ffff:ffff:ffff::,ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff,ZZ
            ffff:ffff:ffff:ffff:ffff::,ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff,AQ
            """)]);

        Assert.Equal("ZZ", database.Lookup(IPAddress.Parse("255.255.255.127")));
        Assert.Equal("AQ", database.Lookup(IPAddress.Parse("255.255.255.255")));
        Assert.Equal("ZZ", database.Lookup(IPAddress.Parse("ffff:ffff:ffff:ffff:fffe::1")));
        Assert.Equal("AQ", database.Lookup(IPAddress.Parse("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")));
    }

    private string Write(string content)
    {
        var path = Path.Combine(_temp, Guid.NewGuid().ToString("N")[..8] + ".csv");
        File.WriteAllText(path, content);
        return path;
    }
}
