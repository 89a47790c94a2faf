using IdpFederation.Core.Networks;
using static IdpFederation.Tests.Policies.PolicySnippets;

namespace IdpFederation.Tests.Policies;

/// <summary>
/// A file with any problem is refused as a whole, each problem reported as "file: $.json.path: reason" so an admin
/// can go straight to it. The expected strings are exact on purpose: they are the product's user interface.
/// </summary>
[Trait("Kind", "Unit")]
public sealed class PolicyCompilerErrorTests
{
    [Theory]
    // CIDR ranges in rules.
    [InlineData("""{"ipRanges":["300.1.2.3/24"]}""", "policies.json: $.rules[0].conditions.ipRanges[0]: '300.1.2.3/24' is not an IP address or CIDR range.")]
    [InlineData("""{"ipRanges":["office","10.0.0.0/33"]}""", "policies.json: $.rules[0].conditions.ipRanges[1]: '10.0.0.0/33' has an invalid prefix length (0 to 32).")]
    [InlineData("""{"ipRanges":["2001:db8::/129"]}""", "policies.json: $.rules[0].conditions.ipRanges[0]: '2001:db8::/129' has an invalid prefix length (0 to 128).")]
    [InlineData("""{"ipRanges":["10.0.0.0/-1"]}""", "policies.json: $.rules[0].conditions.ipRanges[0]: '10.0.0.0/-1' has an invalid prefix length (0 to 32).")]
    [InlineData("""{"ipRanges":["fe80::1%eth0"]}""", "policies.json: $.rules[0].conditions.ipRanges[0]: 'fe80::1%eth0' is not an IP address or CIDR range.")]
    [InlineData("""{"ipRanges":["203.0.113.7/24"]}""", "policies.json: $.rules[0].conditions.ipRanges[0]: '203.0.113.7/24' has host bits set; did you mean 203.0.113.0/24?")]
    [InlineData("""{"ipRanges":["2001:db8::1/32"]}""", "policies.json: $.rules[0].conditions.ipRanges[0]: '2001:db8::1/32' has host bits set; did you mean 2001:db8::/32?")]
    // Network names.
    [InlineData("""{"ipRanges":["ofice"]}""", "policies.json: $.rules[0].conditions.ipRanges[0]: 'ofice' is neither a declared network nor an IP range.")]
    // Client kinds and the unknown-country setting.
    [InlineData("""{"clientKinds":["browser","legacy"]}""", "policies.json: $.rules[0].conditions.clientKinds[1]: 'legacy' is not a client kind; use \"browser\" or \"active\".")]
    [InlineData("""{"clientKinds":["Browser"]}""", "policies.json: $.rules[0].conditions.clientKinds[0]: 'Browser' is not a client kind; use \"browser\" or \"active\".")]
    [InlineData("""{"countries":["AU"],"unknownCountry":"allow"}""", "policies.json: $.rules[0].conditions.unknownCountry: 'allow' is not valid; use \"match\" or \"noMatch\".")]
    [InlineData("""{"negateIpRanges":true}""", "policies.json: $.rules[0].conditions.negateIpRanges: negateIpRanges needs ipRanges.")]
    // Country codes.
    [InlineData("""{"countries":["AU","aus"]}""", "policies.json: $.rules[0].conditions.countries[1]: 'aus' is not an ISO 3166-1 alpha-2 code such as \"AU\".")]
    [InlineData("""{"countries":["nz"]}""", "policies.json: $.rules[0].conditions.countries[0]: 'nz' is not an ISO 3166-1 alpha-2 code such as \"AU\".")]
    // Time windows.
    [InlineData("""{"timeWindows":[{"timeZone":"Mars/Olympus_Mons"}]}""", "policies.json: $.rules[0].conditions.timeWindows[0].timeZone: 'Mars/Olympus_Mons' is not a known time zone (use an IANA name such as Australia/Sydney).")]
    [InlineData("""{"timeWindows":[{"start":"25:00"}]}""", "policies.json: $.rules[0].conditions.timeWindows[0].start: '25:00' is not a time of day in HH:mm form.")]
    [InlineData("""{"timeWindows":[{},{"end":"17:60"}]}""", "policies.json: $.rules[0].conditions.timeWindows[1].end: '17:60' is not a time of day in HH:mm form.")]
    [InlineData("""{"timeWindows":[{"start":"9am"}]}""", "policies.json: $.rules[0].conditions.timeWindows[0].start: '9am' is not a time of day in HH:mm form.")]
    [InlineData("""{"timeWindows":[{"end":"08:00:30"}]}""", "policies.json: $.rules[0].conditions.timeWindows[0].end: '08:00:30' is not a time of day in HH:mm form.")]
    [InlineData("""{"timeWindows":[{"days":["Monday","Funday"]}]}""", "policies.json: $.rules[0].conditions.timeWindows[0].days[1]: 'Funday' is not a day name.")]
    [InlineData("""{"timeWindows":[{"days":["5"]}]}""", "policies.json: $.rules[0].conditions.timeWindows[0].days[0]: '5' is not a day name.")]
    public void A_bad_condition_is_reported_with_file_path_and_reason(string conditions, string expected)
    {
        Assert.Equal([expected], Errors(OneRule(conditions)));
    }

    [Theory]
    [InlineData("block", "policies.json: $.rules[0].action: 'block' is not an action; use allow, deny, requireMfa or requireMfaOutside.")]
    [InlineData("Deny", "policies.json: $.rules[0].action: 'Deny' is not an action; use allow, deny, requireMfa or requireMfaOutside.")]
    [InlineData("", "policies.json: $.rules[0].action: '' is not an action; use allow, deny, requireMfa or requireMfaOutside.")]
    public void An_unknown_action_is_refused(string action, string expected) =>
        Assert.Equal([expected], Errors(OneRule("{}", action)));

    [Fact]
    public void A_rule_without_an_action_is_refused() =>
        Assert.Equal(["policies.json: $.rules[0].action: '' is not an action; use allow, deny, requireMfa or requireMfaOutside."],
            Errors("""{"rules":[{"name":"r"}]}"""));

    [Theory]
    [InlineData("audit")]
    [InlineData("ReportOnly")]
    public void An_unknown_mode_is_refused(string mode) =>
        Assert.Equal([$"policies.json: $.rules[0].mode: '{mode}' is not a mode; use \"enforce\" or \"reportOnly\"."],
            Errors(OneRule("{}", extra: $$""","mode":"{{mode}}" """)));

    [Fact]
    public void A_rule_without_a_name_is_refused() =>
        Assert.Equal(["policies.json: $.rules[1].name: every rule needs a name (it appears in audit records and the what-if tool)."],
            Errors("""{"rules":[{"name":"ok","action":"allow"},{"action":"deny"}]}"""));

    [Fact]
    public void Duplicate_rule_names_are_refused_ignoring_case() =>
        Assert.Equal(["policies.json: $.rules[2].name: rule name 'block' is used twice."],
            Errors("""{"rules":[{"name":"Block","action":"deny"},{"name":"other","action":"allow"},{"name":"block","action":"deny"}]}"""));

    [Fact]
    public void RequireMfaOutside_needs_a_trusted_network_and_other_actions_refuse_one()
    {
        Assert.Equal(["policies.json: $.rules[0].trustedNetwork: requireMfaOutside needs the trusted network inside which MFA is not required."],
            Errors(OneRule("{}", "requireMfaOutside")));
        Assert.Equal(["policies.json: $.rules[0].trustedNetwork: 'hq' is neither a declared network nor an IP range."],
            Errors(OneRule("{}", "requireMfaOutside", ""","trustedNetwork":"hq" """)));
        Assert.Equal(["policies.json: $.rules[0].trustedNetwork: only requireMfaOutside takes a trusted network."],
            Errors(OneRule("{}", "requireMfa", ""","trustedNetwork":"office" """)));
    }

    [Fact]
    public void Bad_ranges_in_declared_networks_and_corporate_networks_are_reported_where_they_are()
    {
        var errors = Errors("""
            {
              "networks": { "office": ["203.0.113.0/24", "203.0.113.300"], "lab": ["10.1.1.1/8"] },
              "corporateNetworks": ["office", "hq"]
            }
            """);
        Assert.Equal(
        [
            "policies.json: $.networks.office[1]: '203.0.113.300' is not an IP address or CIDR range.",
            "policies.json: $.networks.lab[0]: '10.1.1.1/8' has host bits set; did you mean 10.0.0.0/8?",
            "policies.json: $.corporateNetworks[1]: 'hq' is neither a declared network nor an IP range.",
        ], errors);
    }

    [Fact]
    public void A_country_rule_without_a_country_database_is_a_configuration_error_naming_the_setting()
    {
        var errors = Errors(OneRule("""{"countries":["AU"]}"""), new NoCountryLookup());

        // The setting is Idp:Policy:CountryDatabase (PolicyOptions under IdpOptions.Policy); the message must name it.
        Assert.Equal(["policies.json: $.rules[0].conditions.countries: a country condition needs a country database (Idp:Policy:CountryDatabase), and none is configured."], errors);
    }

    [Fact]
    public void A_country_rule_without_a_database_fails_even_when_disabled_or_report_only()
    {
        Assert.Single(Errors(OneRule("""{"countries":["AU"]}""", extra: ""","enabled":false """), new NoCountryLookup()));
        Assert.Single(Errors(OneRule("""{"countries":["AU"]}""", extra: ""","mode":"reportOnly" """), new NoCountryLookup()));
    }

    [Fact]
    public void Rules_without_country_conditions_compile_without_a_database() =>
        Assert.NotNull(Compile(OneRule("""{"ipRanges":["office"]}"""), new NoCountryLookup()));

    [Theory]
    [InlineData("""{"rules":[{"name":"r","action":"deny","condtions":{}}]}""", "$.rules[0].condtions", "PolicyRuleDocument", "line 1, column 51")]
    [InlineData("""{"rules":[{"name":"r","action":"deny","conditions":{"ipRange":["10.0.0.0/8"]}}]}""", "$.rules[0].conditions.ipRange", "PolicyConditionsDocument", "line 1, column 63")]
    [InlineData("{\n  \"rule\": []\n}", "$.rule", "PolicyDocument", "line 2, column 10")]
    [InlineData("""{"lockout":{"treshold":3}}""", "$.lockout.treshold", "LockoutSettings", "line 1, column 24")]
    [InlineData("""{"rules":[{"name":"r","action":"deny","Conditions":{}}]}""", "$.rules[0].Conditions", "PolicyRuleDocument", "line 1, column 52")]
    // The position is where the reader stands when it meets the misspelt name: just after it and its colon.
    public void A_misspelt_property_is_an_error_not_a_rule_that_matches_everything(string json, string path, string type, string where)
    {
        var error = Assert.Single(Errors(json));

        var property = path[(path.LastIndexOf('.') + 1)..];
        Assert.StartsWith($"policies.json: {path}: ", error);
        Assert.Contains($"'{property}'", error);
        Assert.Contains(type, error);
        Assert.EndsWith($"({where})", error);
    }

    [Fact]
    public void Broken_json_is_reported_with_its_line_and_column()
    {
        var error = Assert.Single(Errors("{\n  \"rules\": [\n    {\"name\": \"r\", \"action\": \"deny\"\n  ]\n}"));

        Assert.StartsWith("policies.json: $.rules[0]", error);
        Assert.EndsWith("(line 4, column 3)", error);
    }

    [Theory]
    [InlineData("null", "policies.json: $: the file is empty or null.")]
    [InlineData("""{"rules":[{"name":"r","action":"deny","conditions":{"ipRanges":"10.0.0.0/8"}}]}""", null)]
    public void Null_or_mistyped_documents_are_refused(string json, string? expected)
    {
        var error = Assert.Single(Errors(json));
        if (expected is not null)
        {
            Assert.Equal(expected, error);
        }
        else
        {
            Assert.StartsWith("policies.json: $.rules[0].conditions.ipRanges: ", error);
        }
    }

    [Fact]
    public void Every_problem_in_the_file_is_reported_at_once_and_no_policy_is_produced()
    {
        var errors = Errors($$"""
            { {{Networks}},
              "rules": [
                { "name": "a", "action": "deny", "conditions": { "ipRanges": ["10.1.2.3/8"] } },
                { "name": "b", "action": "block", "mode": "audit" },
                { "name": "c", "action": "allow", "conditions": { "timeWindows": [{ "timeZone": "Nowhere/City", "start": "7" }] } }
              ],
              "lockout": { "mode": "strict", "unfamiliarThreshold": 0 }
            }
            """);

        Assert.Equal(
        [
            "policies.json: $.rules[0].conditions.ipRanges[0]: '10.1.2.3/8' has host bits set; did you mean 10.0.0.0/8?",
            "policies.json: $.rules[1].mode: 'audit' is not a mode; use \"enforce\" or \"reportOnly\".",
            "policies.json: $.rules[1].action: 'block' is not an action; use allow, deny, requireMfa or requireMfaOutside.",
            "policies.json: $.rules[2].conditions.timeWindows[0].start: '7' is not a time of day in HH:mm form.",
            "policies.json: $.rules[2].conditions.timeWindows[0].timeZone: 'Nowhere/City' is not a known time zone (use an IANA name such as Australia/Sydney).",
            "policies.json: $.lockout.mode: 'strict' is not a lockout mode; use \"enforce\", \"logOnly\" or \"off\".",
            "policies.json: $.lockout.unfamiliarThreshold: must be at least 1.",
        ], errors);
    }

    [Theory]
    [InlineData("""{"familiarThreshold":3,"unfamiliarThreshold":5}""", "policies.json: $.lockout.familiarThreshold: must not be below unfamiliarThreshold: familiar places are trusted more, not less.")]
    [InlineData("""{"ipThreshold":0}""", "policies.json: $.lockout.ipThreshold: must be at least 1.")]
    [InlineData("""{"window":"00:00:00"}""", "policies.json: $.lockout.window: must be between 0 and 1 day.")]
    [InlineData("""{"window":"2.00:00:00"}""", "policies.json: $.lockout.window: must be between 0 and 1 day.")]
    [InlineData("""{"familiarFor":"400.00:00:00"}""", "policies.json: $.lockout.familiarFor: must be between 0 and 365 days.")]
    [InlineData("""{"bannedIps":["198.51.100.0/24","evil"]}""", "policies.json: $.lockout.bannedIps[1]: 'evil' is neither a declared network nor an IP range.")]
    [InlineData("""{"bannedIps":["198.51.100.1/24"]}""", "policies.json: $.lockout.bannedIps[0]: '198.51.100.1/24' has host bits set; did you mean 198.51.100.0/24?")]
    public void Bad_lockout_settings_are_refused(string lockout, string expected) =>
        Assert.Equal([expected], Errors($$"""{ "lockout": {{lockout}} }"""));

    [Fact]
    public void The_file_name_given_is_the_one_reported()
    {
        var result = IdpFederation.Core.Policies.PolicyCompiler.Compile("""{"rules":[{"name":"r","action":"nope"}]}""", "/etc/idpfed/policies.json", new NoCountryLookup());

        Assert.Null(result.Policy);
        Assert.Equal(["/etc/idpfed/policies.json: $.rules[0].action: 'nope' is not an action; use allow, deny, requireMfa or requireMfaOutside."], result.Errors);
    }
}
