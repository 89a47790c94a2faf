using System.Net;
using System.Text.Json.Nodes;
using IdpFederation.Tests.Server;

namespace IdpFederation.Tests.Geo;

/// <summary>The server refuses to start on a country database file it cannot use, naming the file and what is wrong.</summary>
[Trait("Kind", "Integration")]
public sealed class CountryDatabaseServerStartupTests
{
    [Fact]
    public async Task An_mmdb_that_is_not_a_country_database_stops_start_up_naming_it()
    {
        using var environment = new TestIdpEnvironment(config =>
            config["Idp"]!["Policy"] = new JsonObject { ["CountryDatabase"] = new JsonArray("GeoLite2-ASN.mmdb") });
        var path = Path.Combine(environment.ConfigDirectory, "GeoLite2-ASN.mmdb");
        var writer = new MmdbTestWriter(databaseType: "GeoLite2-ASN");
        writer.AddRange(IPAddress.Parse("8.8.8.0"), IPAddress.Parse("8.8.8.255"), new Dictionary<string, object> { ["autonomous_system_number"] = 15169u });
        writer.Write(path);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => IdpServerProcess.StartAsync(environment));

        Assert.Contains($"IdpFederation cannot start: the configuration is invalid. Idp:Policy:CountryDatabase: '{path}' is not a usable MaxMind DB " +
            "country database: its first 1 records (database_type 'GeoLite2-ASN') have neither country_code", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error.Message, StringComparison.Ordinal);
    }
}
