using IdpFederation.Core.Policies;
using static IdpFederation.Tests.Policies.PolicySnippets;

namespace IdpFederation.Tests.Policies;

/// <summary>
/// Each condition on its own, as one deny rule named "r": when the condition matches, the outcome is Deny and the
/// rule is listed as matched; when it does not, the outcome is Allow.
/// </summary>
[Trait("Kind", "Unit")]
public sealed class RuleConditionTests
{
    [Theory]
    // No conditions: the rule matches every sign-in.
    [InlineData("""{}""", "", true)]
    // Users and roles: either list includes; UPNs and role names compare without case.
    [InlineData("""{"users":["alice@contoso.com"]}""", "", true)]
    [InlineData("""{"users":["alice@contoso.com"]}""", "user=ALICE@Contoso.com", true)]
    [InlineData("""{"users":["alice@contoso.com"]}""", "user=bob@contoso.com", false)]
    [InlineData("""{"roles":["Finance"]}""", "roles=Staff,finance", true)]
    [InlineData("""{"roles":["Finance"]}""", "roles=Staff", false)]
    [InlineData("""{"roles":["Finance"]}""", "", false)]
    [InlineData("""{"users":["bob@contoso.com"],"roles":["Finance"]}""", "roles=Finance", true)]
    [InlineData("""{"users":["alice@contoso.com"],"roles":["Finance"]}""", "", true)]
    // Exclusions always win, over a listed user and over a listed role.
    [InlineData("""{"users":["alice@contoso.com"],"excludeUsers":["alice@contoso.com"]}""", "", false)]
    [InlineData("""{"roles":["Finance"],"excludeRoles":["BreakGlass"]}""", "roles=Finance,BreakGlass", false)]
    [InlineData("""{"users":["alice@contoso.com"],"excludeRoles":["breakglass"]}""", "roles=BreakGlass", false)]
    [InlineData("""{"excludeUsers":["alice@contoso.com"]}""", "", false)]
    [InlineData("""{"excludeUsers":["alice@contoso.com"]}""", "user=bob@contoso.com", true)]
    [InlineData("""{"excludeRoles":["BreakGlass"]}""", "roles=Staff", true)]
    // Relying parties: exact realm.
    [InlineData("""{"relyingParties":["urn:federation:MicrosoftOnline"]}""", "", true)]
    [InlineData("""{"relyingParties":["urn:federation:MicrosoftOnline"]}""", "rp=https://app.example.test/", false)]
    // Client kinds.
    [InlineData("""{"clientKinds":["active"]}""", "kind=active", true)]
    [InlineData("""{"clientKinds":["active"]}""", "kind=browser", false)]
    [InlineData("""{"clientKinds":["browser","active"]}""", "kind=browser", true)]
    // IPv4 ranges: CIDR, single address, named network.
    [InlineData("""{"ipRanges":["192.0.2.0/24"]}""", "ip=192.0.2.255", true)]
    [InlineData("""{"ipRanges":["192.0.2.0/24"]}""", "ip=192.0.3.0", false)]
    [InlineData("""{"ipRanges":["192.0.2.10"]}""", "ip=192.0.2.10", true)]
    [InlineData("""{"ipRanges":["192.0.2.10"]}""", "ip=192.0.2.11", false)]
    [InlineData("""{"ipRanges":["0.0.0.0/0"]}""", "ip=8.8.8.8", true)]
    [InlineData("""{"ipRanges":["office"]}""", "ip=203.0.113.77", true)]
    [InlineData("""{"ipRanges":["office"]}""", "ip=2001:db8:10:ffff::1", true)]
    [InlineData("""{"ipRanges":["vpn"]}""", "ip=198.51.100.127", true)]
    [InlineData("""{"ipRanges":["vpn"]}""", "ip=198.51.100.128", false)]
    [InlineData("""{"ipRanges":["vpn","192.0.2.0/24"]}""", "ip=192.0.2.1", true)]
    // IPv6, and IPv4-mapped IPv6 addresses (dual-stack sockets) judged as the IPv4 address they carry.
    [InlineData("""{"ipRanges":["2001:db8:abcd::/48"]}""", "ip=2001:db8:abcd:12::7", true)]
    [InlineData("""{"ipRanges":["2001:db8:abcd::/48"]}""", "ip=2001:db8:abce::7", false)]
    [InlineData("""{"ipRanges":["2001:db8::1"]}""", "ip=2001:0db8:0:0:0:0:0:1", true)]
    [InlineData("""{"ipRanges":["192.0.2.0/24"]}""", "ip=::ffff:192.0.2.9", true)]
    [InlineData("""{"ipRanges":["192.0.2.0/24"]}""", "ip=::ffff:192.0.3.9", false)]
    [InlineData("""{"ipRanges":["::/0"]}""", "ip=192.0.2.9", false)]
    [InlineData("""{"ipRanges":["0.0.0.0/0"]}""", "ip=2001:db8::1", false)]
    // Negated ranges: "not from these ranges".
    [InlineData("""{"ipRanges":["office"],"negateIpRanges":true}""", "ip=203.0.113.5", false)]
    [InlineData("""{"ipRanges":["office"],"negateIpRanges":true}""", "ip=192.0.2.5", true)]
    [InlineData("""{"ipRanges":["office"],"negateIpRanges":true}""", "ip=::ffff:203.0.113.5", false)]
    [InlineData("""{"ipRanges":["office"],"negateIpRanges":true}""", "ip=2001:db8:10::5", false)]
    [InlineData("""{"ipRanges":["office"],"negateIpRanges":true}""", "ip=2001:db8:11::5", true)]
    // Unknown client address: proves nothing, so only the negated reading ("not in the ranges") can match.
    [InlineData("""{"ipRanges":["office"]}""", "ip=none", false)]
    [InlineData("""{"ipRanges":["office"],"negateIpRanges":true}""", "ip=none", true)]
    // Countries, allow-list and deny-list readings, and the unknown-country setting.
    [InlineData("""{"countries":["AU","NZ"]}""", "country=NZ", true)]
    [InlineData("""{"countries":["AU","NZ"]}""", "country=US", false)]
    [InlineData("""{"countries":["AU","NZ"],"negateCountries":true}""", "country=US", true)]
    [InlineData("""{"countries":["AU","NZ"],"negateCountries":true}""", "country=AU", false)]
    [InlineData("""{"countries":["AU"]}""", "country=none", false)]
    [InlineData("""{"countries":["AU"],"unknownCountry":"noMatch"}""", "country=none", false)]
    [InlineData("""{"countries":["AU"],"unknownCountry":"match"}""", "country=none", true)]
    [InlineData("""{"countries":["AU"],"negateCountries":true}""", "country=none", false)]
    [InlineData("""{"countries":["AU"],"negateCountries":true,"unknownCountry":"match"}""", "country=none", true)]
    // All present conditions must match.
    [InlineData("""{"users":["alice@contoso.com"],"ipRanges":["office"],"countries":["AU"]}""", "ip=203.0.113.1 country=AU", true)]
    [InlineData("""{"users":["alice@contoso.com"],"ipRanges":["office"],"countries":["AU"]}""", "ip=203.0.113.1 country=NZ", false)]
    [InlineData("""{"users":["alice@contoso.com"],"ipRanges":["office"],"countries":["AU"]}""", "ip=192.0.2.1 country=AU", false)]
    [InlineData("""{"users":["alice@contoso.com"],"ipRanges":["office"],"countries":["AU"]}""", "user=bob@contoso.com ip=203.0.113.1", false)]
    [InlineData("""{"clientKinds":["active"],"relyingParties":["urn:federation:MicrosoftOnline"]}""", "kind=active rp=urn:other", false)]
    public void A_deny_rule_applies_exactly_when_its_conditions_match(string conditions, string context, bool matches)
    {
        var policy = Compile(OneRule(conditions));

        var decision = policy.Evaluate(Context(context));

        var rule = Assert.Single(decision.Rules);
        Assert.True(matches == rule.Matched, $"{conditions} with [{context}]: expected {(matches ? "match" : "no match")}; reasons: {string.Join("; ", rule.Reasons)}");
        Assert.Equal(matches ? PolicyOutcome.Deny : PolicyOutcome.Allow, decision.Outcome);
        Assert.Equal(matches ? ["r"] : [], decision.MatchedRules.ToArray());
    }

    [Fact]
    public void Every_condition_gives_a_reason_and_a_failed_condition_says_no_match()
    {
        var policy = Compile(OneRule("""{"users":["alice@contoso.com"],"ipRanges":["office"],"countries":["AU"],"clientKinds":["browser"]}"""));

        var rule = Assert.Single(policy.Evaluate(Context("ip=192.0.2.1 country=AU")).Rules);

        Assert.False(rule.Matched);
        Assert.Equal(4, rule.Reasons.Count);
        Assert.Contains(rule.Reasons, r => r.StartsWith("no match: ", StringComparison.Ordinal) && r.Contains("192.0.2.1", StringComparison.Ordinal));
        Assert.Equal(3, rule.Reasons.Count(r => r.StartsWith("match: ", StringComparison.Ordinal)));
    }
}
