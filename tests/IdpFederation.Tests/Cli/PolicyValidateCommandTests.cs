namespace IdpFederation.Tests.Cli;

[Trait("Kind", "Integration")]
public sealed class PolicyValidateCommandTests : IDisposable
{
    private readonly PolicyCliHost _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task The_configured_file_is_checked_by_default()
    {
        _host.WritePolicy("""
            {
              "networks": { "office": ["203.0.113.0/24"] },
              "rules": [
                { "name": "block-legacy", "conditions": { "clientKinds": ["active"] }, "action": "deny" },
                { "name": "geo", "mode": "reportOnly", "conditions": { "countries": ["AU"], "negateCountries": true }, "action": "deny" }
              ]
            }
            """);

        var result = (await _host.Cli.RunAsync("policy", "validate")).Succeeded();

        Assert.Equal("OK: 2 rules", result.Stdout.Trim());
    }

    [Fact]
    public async Task A_named_file_is_read_relative_to_the_working_directory_or_absolute()
    {
        var file = Path.Combine(_host.Cli.Root, "candidate.json");
        await File.WriteAllTextAsync(file, """{ "rules": [ { "name": "all-mfa", "action": "requireMfa" } ] }""");

        var result = (await _host.Cli.RunAsync("policy", "validate", file)).Succeeded();

        Assert.Equal("OK: 1 rule", result.Stdout.Trim());
    }

    [Fact]
    public async Task Every_error_is_listed_with_file_json_path_and_reason()
    {
        _host.WritePolicy("""
            {
              "rules": [
                { "name": "a", "action": "block" },
                { "name": "b", "conditions": { "ipRanges": ["branch"] }, "action": "deny" },
                { "name": "c", "conditions": { "timeWindows": [ { "start": "9am", "timeZone": "Mars/Olympus" } ] }, "action": "deny" }
              ]
            }
            """);

        var result = await _host.Cli.RunAsync("policy", "validate");

        result.FailedWith(1, "is invalid: 4 errors");
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(4, lines.Length);
        Assert.All(lines, line => Assert.StartsWith(_host.PolicyFile + ": $.rules[", line, StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("$.rules[0].action: 'block' is not an action", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("$.rules[1].conditions.ipRanges[0]: 'branch' is neither a declared network", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("$.rules[2].conditions.timeWindows[0].start:", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("$.rules[2].conditions.timeWindows[0].timeZone:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Malformed_json_and_misspelt_keys_are_errors()
    {
        _host.WritePolicy("""{ "rules": [ { "name": "a", "condtions": {}, "action": "deny" } ] }""");

        var result = await _host.Cli.RunAsync("policy", "validate");

        result.FailedWith(1, "is invalid: 1 error");
        Assert.Contains("$.rules[0].condtions", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_country_rule_without_a_country_database_is_an_error()
    {
        using var host = new PolicyCliHost(withCountryDatabase: false);
        host.WritePolicy("""{ "rules": [ { "name": "geo", "conditions": { "countries": ["AU"] }, "action": "deny" } ] }""");

        var result = await host.Cli.RunAsync("policy", "validate");

        result.FailedWith(1, "is invalid");
        Assert.Contains("$.rules[0].conditions.countries: a country condition needs a country database", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_configured_file_means_no_rules_but_a_missing_named_file_is_an_error()
    {
        var configured = (await _host.Cli.RunAsync("policy", "validate")).Succeeded();
        var named = await _host.Cli.RunAsync("policy", "validate", Path.Combine(_host.Cli.Root, "nope.json"));

        Assert.StartsWith("OK: 0 rules", configured.Stdout, StringComparison.Ordinal);
        named.FailedWith(1, "does not exist");
    }

    [Fact]
    public async Task A_missing_country_database_file_is_reported()
    {
        File.Delete(Path.Combine(_host.Cli.ConfigDirectory, "geo", "countries.csv"));
        _host.WritePolicy("""{ "rules": [] }""");

        (await _host.Cli.RunAsync("policy", "validate")).FailedWith(1, "Country database file");
    }
}
