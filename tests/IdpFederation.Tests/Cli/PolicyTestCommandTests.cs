using System.Text.Json.Nodes;

namespace IdpFederation.Tests.Cli;

[Trait("Kind", "Integration")]
public sealed class PolicyTestCommandTests : IDisposable
{
    private const string App = "urn:federation:MicrosoftOnline";

    /// <summary>One rule per kind of condition, plus a report-only rule and a disabled one.</summary>
    private const string Policy = """
        {
          "networks": { "office": ["203.0.113.0/25", "2001:db8:1::/48"], "blocked": ["198.51.100.128/25"] },
          "corporateNetworks": ["office"],
          "rules": [
            { "name": "block-range", "conditions": { "ipRanges": ["blocked"] }, "action": "deny" },
            { "name": "admins-mfa", "conditions": { "roles": ["Admins"] }, "action": "requireMfa" },
            { "name": "deny-north-korea", "conditions": { "countries": ["KP"] }, "action": "deny" },
            { "name": "geo-trial", "mode": "reportOnly", "conditions": { "countries": ["AU", "DE"], "negateCountries": true }, "action": "deny" },
            { "name": "night-mfa", "conditions": { "timeWindows": [ { "start": "20:00", "end": "06:00", "timeZone": "Australia/Sydney" } ] }, "action": "requireMfa" },
            { "name": "old-rule", "enabled": false, "action": "deny" }
          ]
        }
        """;

    private readonly PolicyCliHost _host = new();

    public PolicyTestCommandTests() => _host.WritePolicy(Policy);

    public void Dispose() => _host.Dispose();

    /// <summary>Runs "policy test --json" at a Sydney Monday 10:00 unless told otherwise, and returns the parsed report.</summary>
    private async Task<JsonNode> TestAsync(string user, string ip, params string[] extra)
    {
        string[] args = ["policy", "test", "--user", user, "--ip", ip, "--app", App, "--client", "browser", "--json"];
        if (!extra.Contains("--time"))
        {
            args = [.. args, "--time", "2026-03-02T10:00:00+11:00"];
        }

        return (await _host.Cli.RunAsync([.. args, .. extra])).Succeeded().Json;
    }

    private static JsonNode Rule(JsonNode report, string name) =>
        report["rules"]!.AsArray().Single(r => (string?)r!["name"] == name)!;

    private static bool Matched(JsonNode report, string name) => (bool)Rule(report, name)["matched"]!;

    [Fact]
    public async Task A_blocked_range_is_denied_and_every_rule_is_explained()
    {
        await _host.AddUserAsync("alice@contoso.com");

        var report = await TestAsync("alice@contoso.com", "198.51.100.200");

        Assert.Equal("Deny", (string?)report["decision"]);
        Assert.False((bool)report["insideCorporateNetwork"]!);
        Assert.Equal(6, report["rules"]!.AsArray().Count);
        Assert.True(Matched(report, "block-range"));
        Assert.Contains("match: 198.51.100.200 is in blocked (198.51.100.128/25)", Rule(report, "block-range")["reasons"]!.AsArray().Select(r => (string?)r));
        Assert.False((bool)Rule(report, "old-rule")["enabled"]!);
        Assert.Equal(["block-range"], report["matchedRules"]!.AsArray().Select(r => (string?)r));
        Assert.Equal("US", (string?)report["input"]!["country"]);
        Assert.Equal("country database", (string?)report["input"]!["countrySource"]);
    }

    [Fact]
    public async Task A_report_only_match_is_reported_but_does_not_change_the_decision()
    {
        await _host.AddUserAsync("bob@contoso.com");

        var report = await TestAsync("bob@contoso.com", "198.51.100.7");

        Assert.Equal("Allow", (string?)report["decision"]);
        Assert.True(Matched(report, "geo-trial"));
        Assert.True((bool)Rule(report, "geo-trial")["reportOnly"]!);
        Assert.Equal("reportOnly", (string?)Rule(report, "geo-trial")["mode"]);
        Assert.Equal(["geo-trial:deny"], report["reportOnlyMatches"]!.AsArray().Select(r => (string?)r));
    }

    [Fact]
    public async Task Roles_come_from_the_directory()
    {
        await _host.AddUserAsync("carol@contoso.com", "Admins");
        await _host.AddUserAsync("dave@contoso.com", "Staff");

        var admin = await TestAsync("Carol@Contoso.com", "203.0.113.9");
        var staff = await TestAsync("dave@contoso.com", "203.0.113.9");

        Assert.Equal("RequireMfa", (string?)admin["decision"]);
        Assert.Equal(["Admins"], admin["input"]!["roles"]!.AsArray().Select(r => (string?)r));
        Assert.True((bool)admin["insideCorporateNetwork"]!);
        Assert.Equal("Allow", (string?)staff["decision"]);
        Assert.Contains("neither listed nor in a listed role", Rule(staff, "admins-mfa")["reasons"]![0]!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_country_option_overrides_the_database()
    {
        await _host.AddUserAsync("erin@contoso.com");

        var fromDatabase = await TestAsync("erin@contoso.com", "2001:db8:1::5");
        var overridden = await TestAsync("erin@contoso.com", "2001:db8:1::5", "--country", "kp");

        Assert.Equal("DE", (string?)fromDatabase["input"]!["country"]);
        Assert.Equal("Allow", (string?)fromDatabase["decision"]);
        Assert.Equal("KP", (string?)overridden["input"]!["country"]);
        Assert.Equal("--country", (string?)overridden["input"]!["countrySource"]);
        Assert.Equal("Deny", (string?)overridden["decision"]);
        Assert.True(Matched(overridden, "geo-trial"));
    }

    [Fact]
    public async Task Time_windows_are_judged_at_the_given_instant_in_their_own_zone()
    {
        await _host.AddUserAsync("frank@contoso.com");

        // 10:30 UTC on Monday is 21:30 in Sydney (UTC+11 in March): inside the 20:00-06:00 window.
        var night = await TestAsync("frank@contoso.com", "203.0.113.9", "--time", "2026-03-02T10:30:00Z");
        var day = await TestAsync("frank@contoso.com", "203.0.113.9", "--time", "2026-03-02T01:00:00Z");

        Assert.Equal("RequireMfa", (string?)night["decision"]);
        Assert.True(Matched(night, "night-mfa"));
        Assert.Equal("2026-03-02T10:30:00Z", (string?)night["input"]!["time"]);
        Assert.Equal("Allow", (string?)day["decision"]);
        Assert.False(Matched(day, "night-mfa"));
    }

    [Fact]
    public async Task Require_mfa_outside_shows_its_effect_inside_and_outside_the_trusted_network()
    {
        await _host.AddUserAsync("jack@contoso.com");
        _host.WritePolicy("""
            {
              "networks": { "office": ["2001:db8:1::/48"] },
              "rules": [ { "name": "mfa-away", "action": "requireMfaOutside", "trustedNetwork": "office" } ]
            }
            """);

        var inside = await TestAsync("jack@contoso.com", "2001:db8:1::9");
        var outside = await TestAsync("jack@contoso.com", "2001:db8:2::9");

        Assert.Equal("Allow", (string?)inside["decision"]);
        Assert.Equal("Allow", (string?)Rule(inside, "mfa-away")["effect"]);
        Assert.Equal("RequireMfa", (string?)outside["decision"]);
        Assert.Equal("RequireMfa", (string?)Rule(outside, "mfa-away")["effect"]);
    }

    [Fact]
    public async Task Text_output_shows_the_decision_and_marks_each_rule()
    {
        await _host.AddUserAsync("gina@contoso.com");

        var text = (await _host.Cli.RunAsync("policy", "test", "--user", "gina@contoso.com", "--ip", "198.51.100.7", "--app", App,
            "--client", "active", "--time", "2026-03-02T10:00:00+11:00")).Succeeded().Stdout;

        Assert.Contains("Decision:                 Allow", text, StringComparison.Ordinal);
        Assert.Contains("Inside corporate network: no", text, StringComparison.Ordinal);
        Assert.Contains("Client:                   active from 198.51.100.7", text, StringComparison.Ordinal);
        Assert.Contains("MATCH     geo-trial -> deny [report-only] => Deny (not enforced)", text, StringComparison.Ordinal);
        Assert.Contains("no match  block-range -> deny" + Environment.NewLine, text, StringComparison.Ordinal);
        Assert.Contains("disabled  old-rule -> deny", text, StringComparison.Ordinal);
        Assert.Contains("match: country US is not listed (negated)", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Errors_exit_non_zero_and_decisions_do_not()
    {
        await _host.AddUserAsync("hank@contoso.com");
        string[] good = ["policy", "test", "--user", "hank@contoso.com", "--ip", "198.51.100.200", "--app", App, "--client", "browser"];

        Assert.Equal(0, (await _host.Cli.RunAsync(good)).ExitCode);
        (await _host.Cli.RunAsync(["policy", "test", "--user", "nobody@contoso.com", .. good[4..]])).FailedWith(1, "'nobody@contoso.com' does not exist");
        (await _host.Cli.RunAsync([.. good[..^1], "legacy"])).FailedWith(2, "--client 'legacy' must be browser or active");
        (await _host.Cli.RunAsync([.. good, "--time", "tomorrow"])).FailedWith(2, "--time 'tomorrow'");
        (await _host.Cli.RunAsync([.. good, "--country", "Australia"])).FailedWith(2, "--country 'Australia'");
        (await _host.Cli.RunAsync(["policy", "test", "--user", "hank@contoso.com", "--ip", "10.0.0.0/8", .. good[6..]])).FailedWith(2, "--ip '10.0.0.0/8'");
    }

    [Fact]
    public async Task An_invalid_policy_file_is_an_error_with_its_reasons()
    {
        await _host.AddUserAsync("ivy@contoso.com");
        _host.WritePolicy("""{ "rules": [ { "name": "x", "action": "maybe" } ] }""");

        var result = await _host.Cli.RunAsync("policy", "test", "--user", "ivy@contoso.com", "--ip", "198.51.100.7", "--app", App, "--client", "browser");

        result.FailedWith(1, "is invalid: 1 error");
        Assert.Contains("$.rules[0].action: 'maybe' is not an action", result.Stdout, StringComparison.Ordinal);
    }
}
