using System.Net;
using IdpFederation.Tests.Cli;

namespace IdpFederation.Tests.Geo;

/// <summary>idpfed policy validate and policy test read an .mmdb country database as the server does, and refuse a bad one the same way.</summary>
[Trait("Kind", "Integration")]
public sealed class CountryDatabaseCliTests : IDisposable
{
    private const string CountryRule = """{ "rules": [ { "name": "geo", "conditions": { "countries": ["AU"] }, "action": "deny" } ] }""";
    private readonly PolicyCliHost _host = new(countryFile: "countries.mmdb");

    public void Dispose() => _host.Dispose();

    private string MmdbPath => Path.Combine(_host.Cli.ConfigDirectory, "geo", "countries.mmdb");

    [Fact]
    public async Task A_country_rule_validates_against_an_mmdb_and_the_what_if_looks_the_address_up_in_it()
    {
        var writer = new MmdbTestWriter(databaseType: "GeoLite2-Country");
        writer.AddRange(IPAddress.Parse("203.0.113.0"), IPAddress.Parse("203.0.113.255"), MmdbTestWriter.GeoLite2Record("AU"));
        writer.Write(MmdbPath);
        _host.WritePolicy(CountryRule);
        await _host.AddUserAsync("alice@contoso.com");

        var validate = (await _host.Cli.RunAsync("policy", "validate")).Succeeded();
        var whatIf = (await _host.Cli.RunAsync("policy", "test", "--user", "alice@contoso.com", "--ip", "203.0.113.9",
            "--app", "urn:federation:MicrosoftOnline", "--client", "browser", "--json")).Succeeded();

        Assert.Equal("OK: 1 rule", validate.Stdout.Trim());
        Assert.Contains("\"AU\"", whatIf.Stdout, StringComparison.Ordinal);
        Assert.Contains("\"deny\"", whatIf.Stdout, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_truncated_mmdb_is_reported_with_its_name_and_what_is_wrong()
    {
        var writer = new MmdbTestWriter();
        writer.AddRange(IPAddress.Parse("203.0.113.0"), IPAddress.Parse("203.0.113.255"), MmdbTestWriter.IpLocationDbRecord("AU"));
        var bytes = writer.Build();
        File.WriteAllBytes(MmdbPath, bytes[..50]);
        _host.WritePolicy(CountryRule);

        var result = await _host.Cli.RunAsync("policy", "validate");

        result.FailedWith(1, $"Country database rejected: Idp:Policy:CountryDatabase: '{MmdbPath}' is named .mmdb but has no MaxMind DB metadata marker");
    }
}
