using IdpFederation.Core.Policies;
using IdpFederation.Tests.Cli;
using static IdpFederation.Tests.Policies.PolicySnippets;

namespace IdpFederation.Tests.Policies;

/// <summary>
/// rememberDeviceDays on MFA rules (README "Sign-in policies"): off unless every enforced rule that requires MFA for
/// the sign-in allows it, and then the smallest value wins; and lockout.mfaThreshold, the wrong MFA codes allowed.
/// </summary>
[Trait("Kind", "Integration")]
public sealed class RememberDeviceAndMfaLockoutPolicyTests
{
    private static string Rules(params string[] rules) => $$"""{ {{Networks}}, "rules": [ {{string.Join(",", rules)}} ] }""";

    private static string Rule(string name, string action, string conditions = "{}", string extra = "") =>
        $$"""{ "name": "{{name}}", "action": "{{action}}", "conditions": {{conditions}} {{extra}} }""";

    private static string Remember(int days) => $$""","rememberDeviceDays":{{days}} """;

    private const string Outside = ""","trustedNetwork":"office" """;

    [Theory]
    [InlineData("allow")]
    [InlineData("deny")]
    public void Remembering_a_device_on_a_rule_that_does_not_require_mfa_is_refused(string action) =>
        Assert.Equal(["policies.json: $.rules[0].rememberDeviceDays: only requireMfa and requireMfaOutside rules can allow remembered devices."],
            Errors(OneRule("{}", action, Remember(30))));

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(366)]
    public void Remember_device_days_outside_1_to_365_are_refused(int days)
    {
        Assert.Equal(["policies.json: $.rules[0].rememberDeviceDays: must be between 1 and 365 days."],
            Errors(OneRule("{}", "requireMfa", Remember(days))));
        Assert.Equal(["policies.json: $.rules[0].rememberDeviceDays: must be between 1 and 365 days."],
            Errors(OneRule("{}", "requireMfaOutside", Outside + Remember(days))));
    }

    [Fact]
    public void The_error_names_the_rule_it_is_in() =>
        Assert.Equal(["policies.json: $.rules[1].rememberDeviceDays: only requireMfa and requireMfaOutside rules can allow remembered devices."],
            Errors(Rules(Rule("m", "requireMfa", extra: Remember(7)), Rule("d", "deny", extra: Remember(7)))));

    [Theory]
    [InlineData(1)]
    [InlineData(365)]
    public void The_bounds_compile_and_are_kept_on_the_compiled_rule(int days)
    {
        var policy = Compile(Rules(Rule("m", "requireMfa", extra: Remember(days)), Rule("o", "requireMfaOutside", extra: Outside + Remember(days)), Rule("a", "allow")));

        Assert.Equal([days, days, null], policy.Rules.Select(r => r.RememberDeviceDays));
    }

    [Fact]
    public void Without_the_setting_a_device_is_never_remembered()
    {
        var decision = Compile(Rules(Rule("m", "requireMfa"))).Evaluate(Context());

        Assert.Equal(PolicyOutcome.RequireMfa, decision.Outcome);
        Assert.Null(decision.RememberDeviceDays);
        Assert.Null(Assert.Single(Compile(Rules(Rule("m", "requireMfa"))).Rules).RememberDeviceDays);
    }

    [Fact]
    public void A_single_matching_mfa_rule_gives_its_days() =>
        Assert.Equal(30, Compile(Rules(Rule("m", "requireMfa", extra: Remember(30)))).Evaluate(Context()).RememberDeviceDays);

    [Fact]
    public void Two_matching_mfa_rules_give_the_smaller_value_whatever_the_order()
    {
        var policy = Compile(Rules(
            Rule("long", "requireMfa", extra: Remember(30)),
            Rule("short", "requireMfaOutside", extra: Outside + Remember(7)),
            Rule("longer", "requireMfa", extra: Remember(90))));

        var decision = policy.Evaluate(Context("ip=192.0.2.1"));

        Assert.Equal(PolicyOutcome.RequireMfa, decision.Outcome);
        Assert.Equal(7, decision.RememberDeviceDays);
    }

    [Fact]
    public void One_matching_mfa_rule_without_the_setting_means_no_remembering()
    {
        var policy = Compile(Rules(Rule("remembers", "requireMfa", extra: Remember(30)), Rule("strict", "requireMfa", """{"roles":["Admins"]}""")));

        Assert.Equal(30, policy.Evaluate(Context()).RememberDeviceDays);
        Assert.Null(policy.Evaluate(Context("roles=Admins")).RememberDeviceDays);
    }

    [Fact]
    public void Mfa_rules_that_do_not_match_do_not_count()
    {
        var policy = Compile(Rules(Rule("remembers", "requireMfa", extra: Remember(30)), Rule("vpn", "requireMfa", """{"ipRanges":["vpn"]}""", Remember(1))));

        Assert.Equal(30, policy.Evaluate(Context("ip=192.0.2.1")).RememberDeviceDays);
        Assert.Equal(1, policy.Evaluate(Context("ip=198.51.100.1")).RememberDeviceDays);
    }

    [Fact]
    public void Report_only_rules_neither_give_nor_take_away_remembering()
    {
        var trialOnly = Compile(Rules(Rule("trial", "requireMfa", extra: ""","mode":"reportOnly" """ + Remember(30))));
        var trialBeside = Compile(Rules(Rule("trial", "requireMfa", extra: ""","mode":"reportOnly" """), Rule("m", "requireMfa", extra: Remember(14))));
        var shorterTrial = Compile(Rules(Rule("trial", "requireMfa", extra: ""","mode":"reportOnly" """ + Remember(1)), Rule("m", "requireMfa", extra: Remember(14))));

        var decision = trialOnly.Evaluate(Context());
        Assert.Equal(PolicyOutcome.Allow, decision.Outcome);
        Assert.Null(decision.RememberDeviceDays);
        Assert.Equal(14, trialBeside.Evaluate(Context()).RememberDeviceDays);
        Assert.Equal(14, shorterTrial.Evaluate(Context()).RememberDeviceDays);
    }

    [Fact]
    public void Disabled_rules_do_not_count()
    {
        var policy = Compile(Rules(Rule("old", "requireMfa", extra: ""","enabled":false """), Rule("m", "requireMfa", extra: Remember(14))));

        Assert.Equal(14, policy.Evaluate(Context()).RememberDeviceDays);
    }

    [Fact]
    public void Require_mfa_outside_inside_its_trusted_network_does_not_contribute()
    {
        var policy = Compile(Rules(Rule("away", "requireMfaOutside", extra: Outside), Rule("m", "requireMfa", extra: Remember(14))));
        var shorter = Compile(Rules(Rule("away", "requireMfaOutside", extra: Outside + Remember(2)), Rule("m", "requireMfa", extra: Remember(14))));

        // Inside the office the requireMfaOutside rule matches but asks for no MFA, so it neither forbids nor shortens.
        Assert.Equal(14, policy.Evaluate(Context("ip=203.0.113.9")).RememberDeviceDays);
        Assert.Equal(14, shorter.Evaluate(Context("ip=203.0.113.9")).RememberDeviceDays);
        // Outside it does require MFA, and then it counts.
        Assert.Null(policy.Evaluate(Context("ip=192.0.2.1")).RememberDeviceDays);
        Assert.Equal(2, shorter.Evaluate(Context("ip=192.0.2.1")).RememberDeviceDays);
    }

    [Fact]
    public void Require_mfa_outside_alone_inside_its_trusted_network_allows_without_remembering()
    {
        var decision = Compile(Rules(Rule("away", "requireMfaOutside", extra: Outside + Remember(30)))).Evaluate(Context("ip=203.0.113.9"));

        Assert.Equal(PolicyOutcome.Allow, decision.Outcome);
        Assert.Null(decision.RememberDeviceDays);
    }

    [Fact]
    public void A_deny_leaves_nothing_to_remember()
    {
        var decision = Compile(Rules(Rule("m", "requireMfa", extra: Remember(30)), Rule("d", "deny"))).Evaluate(Context());

        Assert.Equal(PolicyOutcome.Deny, decision.Outcome);
        Assert.Null(decision.RememberDeviceDays);
    }

    [Fact]
    public void An_empty_policy_remembers_nothing() =>
        Assert.Null(CompiledPolicy.Empty.Evaluate(Context()).RememberDeviceDays);

    [Fact]
    public void The_mfa_threshold_defaults_to_5()
    {
        Assert.Equal(5, new LockoutSettings().MfaThreshold);
        Assert.Equal(5, CompiledLockout.Default.MfaThreshold);
        Assert.Equal(5, Compile("""{}""").Lockout.MfaThreshold);
        Assert.Equal(5, Compile("""{ "lockout": { "ipThreshold": 10 } }""").Lockout.MfaThreshold);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(100)]
    public void A_custom_mfa_threshold_is_kept(int threshold)
    {
        var lockout = Compile($$"""{ "lockout": { "mfaThreshold": {{threshold}} } }""").Lockout;

        Assert.Equal(threshold, lockout.MfaThreshold);
        Assert.Equal(CompiledLockout.Default with { MfaThreshold = threshold }, lockout with { BannedRanges = CompiledLockout.Default.BannedRanges });
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void An_mfa_threshold_below_1_is_refused(int threshold) =>
        Assert.Equal(["policies.json: $.lockout.mfaThreshold: must be at least 1."],
            Errors($$"""{ "lockout": { "mfaThreshold": {{threshold}} } }"""));

    [Fact]
    public async Task Policy_test_shows_how_long_a_device_may_be_remembered()
    {
        using var host = new PolicyCliHost(withCountryDatabase: false);
        host.WritePolicy("""
            {
              "networks": { "office": ["203.0.113.0/24"] },
              "rules": [
                { "name": "everyone-mfa", "action": "requireMfaOutside", "trustedNetwork": "office", "rememberDeviceDays": 30 },
                { "name": "admins-mfa", "conditions": { "roles": ["Admins"] }, "action": "requireMfa", "rememberDeviceDays": 1 }
              ]
            }
            """);
        await host.AddUserAsync("alice@contoso.com");
        await host.AddUserAsync("carol@contoso.com", "Admins");
        string[] Args(string user, string ip) => ["policy", "test", "--user", user, "--ip", ip, "--app", MicrosoftOnline, "--client", "browser"];

        var text = (await host.Cli.RunAsync(Args("alice@contoso.com", "192.0.2.1"))).Succeeded().Stdout;
        var admin = (await host.Cli.RunAsync([.. Args("carol@contoso.com", "192.0.2.1"), "--json"])).Succeeded().Json;
        var office = (await host.Cli.RunAsync([.. Args("alice@contoso.com", "203.0.113.9"), "--json"])).Succeeded().Json;
        var officeText = (await host.Cli.RunAsync(Args("alice@contoso.com", "203.0.113.9"))).Succeeded().Stdout;

        Assert.Contains("Remember device:          30 days" + Environment.NewLine, text, StringComparison.Ordinal);
        Assert.Equal("RequireMfa", (string?)admin["decision"]);
        Assert.Equal(1, (int?)admin["rememberDeviceDays"]);
        Assert.Equal("Allow", (string?)office["decision"]);
        Assert.Null(office["rememberDeviceDays"]);
        Assert.DoesNotContain("Remember device", officeText, StringComparison.Ordinal);
    }
}
