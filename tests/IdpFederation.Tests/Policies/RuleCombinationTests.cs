using IdpFederation.Core.Policies;
using static IdpFederation.Tests.Policies.PolicySnippets;

namespace IdpFederation.Tests.Policies;

/// <summary>
/// How rules combine (README "Sign-in policies"): every enabled rule is evaluated; a matching enforced deny wins;
/// otherwise MFA is required if any matching enforced rule asks; report-only rules never change the outcome.
/// </summary>
[Trait("Kind", "Unit")]
public sealed class RuleCombinationTests
{
    private static string Rules(params string[] rules) => $$"""{ {{Networks}}, "rules": [ {{string.Join(",", rules)}} ] }""";

    private static string Rule(string name, string action, string conditions = "{}", string extra = "") =>
        $$"""{ "name": "{{name}}", "action": "{{action}}", "conditions": {{conditions}} {{extra}} }""";

    public static TheoryData<string, string, PolicyOutcome> Combinations => new()
    {
        // A file without rules allows a password sign-in.
        { """{}""", "", PolicyOutcome.Allow },
        { """{"rules":[]}""", "", PolicyOutcome.Allow },
        // Deny wins over allow and requireMfa, whatever the order.
        { Rules(Rule("a", "allow"), Rule("d", "deny")), "", PolicyOutcome.Deny },
        { Rules(Rule("d", "deny"), Rule("a", "allow")), "", PolicyOutcome.Deny },
        { Rules(Rule("m", "requireMfa"), Rule("d", "deny")), "", PolicyOutcome.Deny },
        { Rules(Rule("d", "deny"), Rule("m", "requireMfa"), Rule("a", "allow")), "", PolicyOutcome.Deny },
        { Rules(Rule("o", "requireMfaOutside", extra: ""","trustedNetwork":"office" """), Rule("d", "deny")), "ip=192.0.2.1", PolicyOutcome.Deny },
        // An allow does not cancel requireMfa.
        { Rules(Rule("a", "allow"), Rule("m", "requireMfa")), "", PolicyOutcome.RequireMfa },
        { Rules(Rule("m", "requireMfa"), Rule("a", "allow")), "", PolicyOutcome.RequireMfa },
        { Rules(Rule("a", "allow")), "", PolicyOutcome.Allow },
        // A deny that does not match leaves the others in charge.
        { Rules(Rule("d", "deny", """{"ipRanges":["vpn"]}"""), Rule("m", "requireMfa")), "ip=192.0.2.1", PolicyOutcome.RequireMfa },
        // requireMfaOutside: no MFA inside its trusted network, MFA outside it and when the address is unknown.
        { Rules(Rule("o", "requireMfaOutside", extra: ""","trustedNetwork":"office" """)), "ip=203.0.113.9", PolicyOutcome.Allow },
        { Rules(Rule("o", "requireMfaOutside", extra: ""","trustedNetwork":"office" """)), "ip=::ffff:203.0.113.9", PolicyOutcome.Allow },
        { Rules(Rule("o", "requireMfaOutside", extra: ""","trustedNetwork":"office" """)), "ip=2001:db8:10::9", PolicyOutcome.Allow },
        { Rules(Rule("o", "requireMfaOutside", extra: ""","trustedNetwork":"office" """)), "ip=192.0.2.1", PolicyOutcome.RequireMfa },
        { Rules(Rule("o", "requireMfaOutside", extra: ""","trustedNetwork":"office" """)), "ip=2001:db8:11::9", PolicyOutcome.RequireMfa },
        { Rules(Rule("o", "requireMfaOutside", extra: ""","trustedNetwork":"office" """)), "ip=none", PolicyOutcome.RequireMfa },
        { Rules(Rule("o", "requireMfaOutside", extra: ""","trustedNetwork":"203.0.113.0/24" """)), "ip=203.0.113.9", PolicyOutcome.Allow },
        // ... and still only for the users its conditions select.
        { Rules(Rule("o", "requireMfaOutside", """{"roles":["Admins"]}""", ""","trustedNetwork":"office" """)), "ip=192.0.2.1", PolicyOutcome.Allow },
        { Rules(Rule("o", "requireMfaOutside", """{"roles":["Admins"]}""", ""","trustedNetwork":"office" """)), "ip=192.0.2.1 roles=Admins", PolicyOutcome.RequireMfa },
        // Report-only rules are evaluated but never enforced.
        { Rules(Rule("d", "deny", extra: ""","mode":"reportOnly" """)), "", PolicyOutcome.Allow },
        { Rules(Rule("m", "requireMfa", extra: ""","mode":"reportOnly" """)), "", PolicyOutcome.Allow },
        { Rules(Rule("d", "deny", extra: ""","mode":"reportOnly" """), Rule("m", "requireMfa")), "", PolicyOutcome.RequireMfa },
        { Rules(Rule("d", "deny", extra: ""","mode":"enforce" """)), "", PolicyOutcome.Deny },
        // Disabled rules are skipped entirely.
        { Rules(Rule("d", "deny", extra: ""","enabled":false """)), "", PolicyOutcome.Allow },
        { Rules(Rule("d", "deny", extra: ""","enabled":false """), Rule("m", "requireMfa", extra: ""","enabled":false """)), "", PolicyOutcome.Allow },
        // Excluded users and roles escape a deny that otherwise matches everyone.
        { Rules(Rule("d", "deny", """{"excludeUsers":["alice@contoso.com"]}""")), "", PolicyOutcome.Allow },
        { Rules(Rule("d", "deny", """{"excludeRoles":["BreakGlass"]}""")), "roles=BreakGlass", PolicyOutcome.Allow },
        { Rules(Rule("d", "deny", """{"excludeRoles":["BreakGlass"]}"""), Rule("m", "requireMfa")), "roles=BreakGlass", PolicyOutcome.RequireMfa },
    };

    [Theory]
    [MemberData(nameof(Combinations))]
    public void Rules_combine_deny_first_then_mfa_then_allow(string json, string context, PolicyOutcome expected)
    {
        var decision = Compile(json).Evaluate(Context(context));

        Assert.True(expected == decision.Outcome,
            $"expected {expected}, got {decision.Outcome}: " + string.Join(" | ", decision.Rules.Select(r => $"{r.Name} matched={r.Matched} {string.Join("; ", r.Reasons)}")));
    }

    [Fact]
    public void Every_enabled_rule_is_evaluated_even_after_a_deny_and_matches_are_listed_in_file_order()
    {
        var policy = Compile(Rules(Rule("first-deny", "deny"), Rule("mfa", "requireMfa"), Rule("other", "deny", """{"ipRanges":["vpn"]}"""), Rule("second-deny", "deny")));

        var decision = policy.Evaluate(Context("ip=192.0.2.1"));

        Assert.Equal(PolicyOutcome.Deny, decision.Outcome);
        Assert.Equal(["first-deny", "mfa", "other", "second-deny"], decision.Rules.Select(r => r.Name));
        Assert.All(decision.Rules, r => Assert.NotEmpty(r.Reasons));
        Assert.Equal(["first-deny", "mfa", "second-deny"], decision.MatchedRules);
    }

    [Fact]
    public void A_matching_report_only_rule_is_reported_with_its_action_and_not_counted_as_enforced()
    {
        var policy = Compile(Rules(Rule("trial block", "deny", """{"countries":["NZ"]}""", ""","mode":"reportOnly" """), Rule("trial mfa", "requireMfa", extra: ""","mode":"reportOnly" """), Rule("allow all", "allow")));

        var decision = policy.Evaluate(Context("country=NZ"));

        Assert.Equal(PolicyOutcome.Allow, decision.Outcome);
        Assert.Equal(["trial block:deny", "trial mfa:requireMfa"], decision.ReportOnlyMatches);
        Assert.Equal(["allow all"], decision.MatchedRules);
        Assert.All(decision.Rules.Take(2), r => Assert.True(r.ReportOnly && r.Matched));
    }

    [Fact]
    public void A_report_only_rule_that_does_not_match_is_not_reported()
    {
        var policy = Compile(Rules(Rule("trial block", "deny", """{"countries":["NZ"]}""", ""","mode":"reportOnly" """)));

        var decision = policy.Evaluate(Context("country=AU"));

        Assert.Empty(decision.ReportOnlyMatches);
        Assert.False(Assert.Single(decision.Rules).Matched);
    }

    [Fact]
    public void A_disabled_rule_is_reported_as_disabled_and_never_matches()
    {
        var decision = Compile(Rules(Rule("off", "deny", extra: ""","enabled":false """))).Evaluate(Context());

        var rule = Assert.Single(decision.Rules);
        Assert.False(rule.Enabled);
        Assert.False(rule.Matched);
        Assert.Equal(["disabled"], rule.Reasons);
        Assert.Empty(decision.MatchedRules);
    }

    [Theory]
    [InlineData("203.0.113.200", true)]
    [InlineData("::ffff:203.0.113.200", true)]
    [InlineData("2001:db8:10:1::1", true)]
    [InlineData("198.51.100.1", true)]
    [InlineData("192.0.2.1", false)]
    [InlineData("2001:db8:11::1", false)]
    [InlineData("none", false)]
    public void Inside_corporate_network_follows_the_named_corporate_networks(string ip, bool inside)
    {
        var policy = Compile($$"""{ {{Networks}}, "corporateNetworks": ["office", "198.51.100.0/24"] }""");

        Assert.Equal(inside, policy.Evaluate(Context("ip=" + ip)).InsideCorporateNetwork);
    }

    [Fact]
    public void Without_corporate_networks_nobody_is_inside()
    {
        Assert.False(Compile(Rules()).Evaluate(Context("ip=203.0.113.1")).InsideCorporateNetwork);
        Assert.False(CompiledPolicy.Empty.Evaluate(Context("ip=203.0.113.1")).InsideCorporateNetwork);
    }
}
