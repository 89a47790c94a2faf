using System.Net;
using IdpFederation.Core.Policies;
using IdpFederation.Infrastructure.Geo;

namespace IdpFederation.Tests.Geo;

/// <summary>Lookups against small files in the real ip-location-db layout ("start,end,CC", no header).</summary>
[Trait("Kind", "Unit")]
public sealed class CsvCountryDatabaseTests : IDisposable
{
    private static readonly CsvCountryDatabase Database = CsvCountryDatabase.Load([CountryFixtures.Ipv4, CountryFixtures.Ipv6]);
    private readonly string _temp = Path.Combine(Path.GetTempPath(), "idpfed-geo-" + Guid.NewGuid().ToString("N")[..12]);

    public CsvCountryDatabaseTests() => System.IO.Directory.CreateDirectory(_temp);

    public void Dispose() => System.IO.Directory.Delete(_temp, recursive: true);

    [Theory]
    [MemberData(nameof(CountryFixtureCases.InsideRanges), MemberType = typeof(CountryFixtureCases))]
    public void Addresses_inside_a_range_get_its_country(string address, string country) =>
        Assert.Equal(country, Database.Lookup(IPAddress.Parse(address)));

    [Theory]
    [MemberData(nameof(CountryFixtureCases.OutsideRanges), MemberType = typeof(CountryFixtureCases))]
    public void Addresses_in_no_range_have_no_country(string address) =>
        Assert.Null(Database.Lookup(IPAddress.Parse(address)));

    [Fact]
    public void IPv4_and_IPv6_tables_do_not_mix()
    {
        // 1.0.0.0 as an IPv6 number is ::100:0, which is in no IPv6 range.
        Assert.Null(Database.Lookup(IPAddress.Parse("::100:1")));
        Assert.Null(Database.Lookup(IPAddress.Parse("::1.0.0.1")));
    }

    [Fact]
    public void Counts_every_range_of_both_files_and_reports_its_size()
    {
        Assert.True(Database.IsAvailable);
        Assert.Equal(9 + 5, Database.RangeCount);
        // Two 4-byte bounds + a 2-byte code per IPv4 range; two 16-byte bounds + a code per IPv6 range.
        Assert.Equal((9 * 10) + (5 * 34), Database.ApproximateBytes);
        Assert.True(Database.LoadTime > TimeSpan.Zero);
    }

    [Fact]
    public void Windows_line_endings_are_read()
    {
        var database = CsvCountryDatabase.Load([CountryFixtures.Crlf]);
        Assert.Equal("CN", database.Lookup(IPAddress.Parse("1.0.2.3")));
        Assert.Equal(2, database.RangeCount);
    }

    [Fact]
    public void An_empty_file_loads_and_knows_no_country()
    {
        var path = Write("empty.csv", "");
        var database = CsvCountryDatabase.Load([path]);
        Assert.Equal(0, database.RangeCount);
        Assert.Null(database.Lookup(IPAddress.Parse("8.8.8.8")));
        Assert.Null(database.Lookup(IPAddress.Parse("2001:4860::1")));
    }

    [Theory]
    [InlineData("1.0.0.0,1.0.0.255", 3)]
    [InlineData("1.0.0.0,1.0.0.255,AUS", 3)]
    [InlineData("1.0.0.0,1.0.0.255,A1", 3)]
    [InlineData("1.0.0.0,1.0.0.256,AU", 3)]
    [InlineData("start,end,country", 3)]
    [InlineData(",1.0.0.255,AU", 3)]
    [InlineData("1.0.0.0;1.0.0.255;AU", 3)]
    public void A_malformed_line_fails_the_load_with_file_and_line(string bad, int line)
    {
        var path = Write("bad.csv", $"1.0.0.0,1.0.0.255,AU\n\n{bad}\n1.0.4.0,1.0.7.255,AU\n");

        var error = Assert.Throws<InvalidDataException>(() => CsvCountryDatabase.Load([path]));

        Assert.Equal($"{path}:{line}: expected 'start,end,CC' with IP addresses and a two-letter country code.", error.Message);
    }

    [Fact]
    public void A_range_mixing_address_families_fails_with_file_and_line()
    {
        var path = Write("mixed.csv", "1.0.0.0,1.0.0.255,AU\n2001:db8::,10.0.0.0,JP\n");

        var error = Assert.Throws<InvalidDataException>(() => CsvCountryDatabase.Load([path]));

        Assert.Equal($"{path}:2: start and end are of different address families.", error.Message);
    }

    [Fact]
    public void The_second_file_is_named_when_it_is_the_broken_one()
    {
        var path = Write("broken-v6.csv", "2001:db8::,2001:db8::ffff,JP\n2001:db8:1::,zz,JP\n");

        var error = Assert.Throws<InvalidDataException>(() => CsvCountryDatabase.Load([CountryFixtures.Ipv4, path]));

        Assert.StartsWith($"{path}:2: ", error.Message);
    }

    [Fact]
    public void A_missing_file_fails_the_load_naming_it()
    {
        var path = Path.Combine(_temp, "absent.csv");
        var error = Assert.Throws<InvalidDataException>(() => CsvCountryDatabase.Load([path]));
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void With_a_database_a_country_rule_compiles_and_decides_on_the_looked_up_country()
    {
        var result = PolicyCompiler.Compile("""{"rules":[{"name":"geo","action":"deny","conditions":{"countries":["CN"]}}]}""", "policies.json", Database);
        Assert.NotNull(result.Policy);

        PolicyOutcome Decide(string ip) => result.Policy!.Evaluate(new PolicyContext
        {
            UserPrincipalName = "alice@contoso.com",
            RelyingParty = "urn:federation:MicrosoftOnline",
            ClientKind = ClientKind.Browser,
            ClientIp = IPAddress.Parse(ip),
            Country = Database.Lookup(IPAddress.Parse(ip)),
            Time = DateTimeOffset.UnixEpoch,
        }).Outcome;

        Assert.Equal(PolicyOutcome.Deny, Decide("1.0.2.3"));
        Assert.Equal(PolicyOutcome.Allow, Decide("1.0.0.3"));
        Assert.Equal(PolicyOutcome.Allow, Decide("10.0.0.1"));
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(_temp, name);
        File.WriteAllText(path, content);
        return path;
    }
}
