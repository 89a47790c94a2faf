using IdpFederation.Core.Configuration;
using IdpFederation.Core.Provisioning;
using IdpFederation.Core.Provisioning.Mapping;

namespace IdpFederation.Tests.Provisioning.Planning;

/// <summary>The mapping language: every function, the defaults, and every error with its column.</summary>
[Trait("Kind", "Unit")]
public sealed class AttributeMappingTests
{
    private const string Prefix = "Idp:Provisioning:Tenants:0";

    private static readonly SourceUser Alice = new()
    {
        Id = Guid.NewGuid(),
        UserPrincipalName = "Alice.Liddell@Contoso.com",
        ImmutableId = "QUJD+/=",
        DisplayName = "Alice Liddell",
        UsageLocation = "au",
    };

    [Theory]
    [InlineData("\"AU\"", "AU")]
    [InlineData("\"say \\\"hi\\\" \\\\ bye\"", "say \"hi\" \\ bye")]
    [InlineData("source.upn", "Alice.Liddell@Contoso.com")]
    [InlineData("source.displayName", "Alice Liddell")]
    [InlineData("source.immutableId", "QUJD+/=")]
    [InlineData("source.usageLocation", "au")]
    [InlineData("source.displayName + \" (\" + source.usageLocation + \")\"", "Alice Liddell (au)")]
    [InlineData("Concat(\"a\", source.usageLocation, \"b\")", "aaub")]
    [InlineData("Concat(\"x\")", "x")]
    [InlineData("Default(source.displayName, \"none\")", "Alice Liddell")]
    [InlineData("Default(\"\", \"none\")", "none")]
    [InlineData("Lower(source.upn)", "alice.liddell@contoso.com")]
    [InlineData("Upper(source.usageLocation)", "AU")]
    [InlineData("Replace(source.upn, \"Contoso.com\", \"fabrikam.com\")", "Alice.Liddell@fabrikam.com")]
    [InlineData("Replace(source.upn, \"contoso.com\", \"x\")", "Alice.Liddell@Contoso.com")]
    [InlineData("Join(\", \", source.displayName, \"\", source.usageLocation)", "Alice Liddell, au")]
    [InlineData("Join(\"-\", \"only\")", "only")]
    [InlineData("BeforeAt(source.upn)", "Alice.Liddell")]
    [InlineData("AfterAt(source.upn)", "Contoso.com")]
    [InlineData("BeforeAt(\"no-at\")", "no-at")]
    [InlineData("Lower(BeforeAt(source.upn)) + \"@\" + Lower(AfterAt(source.upn))", "alice.liddell@contoso.com")]
    [InlineData("  ( \"a\" + \"b\" ) + \"c\"  ", "abc")]
    public void Text_expressions_evaluate(string expression, string expected) =>
        Assert.Equal(expected, Map(new() { ["displayName"] = expression })["displayName"]);

    [Fact]
    public void Text_that_evaluates_to_nothing_is_not_set()
    {
        var mapped = Map(new() { ["usageLocation"] = "source.usageLocation" }, Alice with { UsageLocation = null });

        Assert.Null(mapped["usageLocation"]);
    }

    [Theory]
    [InlineData("source.enabled", true, "true")]
    [InlineData("source.enabled", false, "false")]
    [InlineData("true", false, "true")]
    [InlineData("false", true, "false")]
    public void Account_enabled_takes_a_boolean(string expression, bool enabled, string expected) =>
        Assert.Equal(expected, Map(new() { ["accountEnabled"] = expression }, Alice with { Enabled = enabled })["accountEnabled"]);

    [Fact]
    public void Defaults_cover_every_owned_attribute()
    {
        var mapped = Map([], Alice);

        Assert.Equal(new Dictionary<string, string?>
        {
            ["userPrincipalName"] = "Alice.Liddell@Contoso.com",
            ["onPremisesImmutableId"] = "QUJD+/=",
            ["displayName"] = "Alice Liddell",
            ["mail"] = "Alice.Liddell@Contoso.com",
            ["mailNickname"] = "Alice.Liddell",
            ["usageLocation"] = "au",
            ["accountEnabled"] = "true",
        }, mapped.Values);
        Assert.Equal(("QUJD+/=", "Alice.Liddell@Contoso.com"), (mapped.ImmutableId, mapped.UserPrincipalName));
    }

    [Fact]
    public void Hybrid_exchange_leaves_mail_out()
    {
        var tenant = new ProvisioningTenantOptions { HybridExchange = true };

        var mapping = AttributeMapping.Compile(tenant, Prefix);

        Assert.DoesNotContain("mail", mapping.Attributes);
        Assert.False(mapping.Map(Alice).Values.ContainsKey("mail"));
    }

    [Theory]
    [InlineData("Alice Liddell", "AliceLiddell")]
    [InlineData("..a..b..", "a.b")]
    [InlineData("a(b)c<d>e[f]g;h:i,j\\k\"l@m", "abcdefghijklm")]
    [InlineData("!#$%&'*+-/=?^_`{|}~", "!#$%&'*+-/=?^_`{|}~")]
    [InlineData("Zoë", "Zo")]
    [InlineData("ëë", "")]
    public void Mail_nicknames_keep_only_what_Exchange_allows(string value, string expected) =>
        Assert.Equal(expected, MailNickname.Sanitize(value));

    [Fact]
    public void Mail_nicknames_are_cut_at_64_characters() =>
        Assert.Equal(new string('a', 64), MailNickname.Sanitize(new string('a', 70)));

    [Theory]
    [InlineData("mail", "source.mial", "unknown source attribute 'source.mial' at column 8; use one of source.upn, source.displayName, source.immutableId, source.usageLocation, source.enabled")]
    [InlineData("mail", "source.UPN", "unknown source attribute 'source.UPN' at column 8; names are case-sensitive: source.upn")]
    [InlineData("mail", "source", "expected '.' and an attribute after 'source' at column 7; use one of source.upn, source.displayName, source.immutableId, source.usageLocation, source.enabled")]
    [InlineData("mail", "source.(", "expected an attribute after 'source.' at column 8; use one of source.upn, source.displayName, source.immutableId, source.usageLocation, source.enabled")]
    [InlineData("mail", "", "the expression is empty at column 1; write source.upn, \"AU\" or a function")]
    [InlineData("mail", "   ", "the expression is empty at column 1; write source.upn, \"AU\" or a function")]
    [InlineData("mail", "\"abc", "unterminated string at column 1; the closing '\"' is missing")]
    [InlineData("mail", "Lower(\"a\\n\")", "unknown escape '\\n' at column 9; only \\\" and \\\\ are escapes")]
    [InlineData("mail", "\"a\\", "a string ends with a lone '\\' at column 3; write \\\\ for a backslash")]
    [InlineData("usageLocation", "'AU'", "unexpected character ''' at column 1; strings use double quotes: \"AU\"")]
    [InlineData("usageLocation", "\"A\" + 1", "unexpected character '1' at column 7; numbers are written as strings: \"1\"")]
    [InlineData("usageLocation", "\"A\" & \"U\"", "unexpected character '&' at column 5")]
    [InlineData("usageLocation", "\"A\" \"U\"", "the string \"U\" cannot follow a complete value at column 5; join values with + or Concat")]
    [InlineData("usageLocation", "\"A\" +", "expected a value but found the end of the expression at column 6")]
    [InlineData("usageLocation", "\"A\" + )", "expected a value but found ')' at column 7")]
    [InlineData("displayName", "lower(source.upn)", "unknown function 'lower' at column 1; names are case-sensitive: Lower")]
    [InlineData("displayName", "Trim(source.upn)", "unknown name 'Trim' at column 1; use source.<attribute>, a \"string\", true, false, or one of Concat, Default, Lower, Upper, Replace, Join, BeforeAt, AfterAt")]
    [InlineData("displayName", "Lower", "expected '(' after Lower at column 6; write Lower(value)")]
    [InlineData("displayName", "Lower(source.upn", "expected ',' or ')' but found the end of the expression at column 17")]
    [InlineData("displayName", "Lower(source.upn, \"x\")", "Lower takes 1 argument but was given 2 at column 1; write Lower(value)")]
    [InlineData("displayName", "x + Upper()", "unknown name 'x' at column 1; use source.<attribute>, a \"string\", true, false, or one of Concat, Default, Lower, Upper, Replace, Join, BeforeAt, AfterAt")]
    [InlineData("displayName", "\"a\" + Upper()", "Upper takes 1 argument but was given 0 at column 7; write Upper(value)")]
    [InlineData("displayName", "Default(source.displayName)", "Default takes 2 arguments but was given 1 at column 1; write Default(value, fallback)")]
    [InlineData("displayName", "Join(\",\")", "Join takes at least 2 arguments but was given 1 at column 1; write Join(separator, a, b, ...)")]
    [InlineData("displayName", "Concat()", "Concat takes at least 1 argument but was given 0 at column 1; write Concat(a, b, ...)")]
    [InlineData("displayName", "Replace(source.upn, \"\", \"x\")", "Replace needs a non-empty text to replace at column 21")]
    [InlineData("displayName", "Replace(source.upn, \"a\")", "Replace takes 3 arguments but was given 2 at column 1; write Replace(value, \"old\", \"new\")")]
    [InlineData("displayName", "BeforeAt(source.upn) AfterAt(source.upn)", "'AfterAt' cannot follow a complete value at column 22; join values with + or Concat")]
    [InlineData("displayName", "Upper(source.enabled)", "Upper takes text but source.enabled is a boolean at column 14")]
    [InlineData("displayName", "\"x\" + true", "'+' takes text but true is a boolean at column 7")]
    [InlineData("displayName", "source.enabled", "displayName takes text but source.enabled is a boolean at column 8")]
    [InlineData("accountEnabled", "\"true\"", "accountEnabled takes a boolean (source.enabled, true or false) but \"true\" is text at column 1")]
    [InlineData("accountEnabled", "Lower(source.upn)", "accountEnabled takes a boolean (source.enabled, true or false) but Lower(...) is text at column 1")]
    [InlineData("usageLocation", "\"A\"\u0001", "unexpected control character U+0001 at column 4")]
    public void Errors_name_the_key_the_attribute_and_the_column(string attribute, string expression, string expected) =>
        Assert.Equal([$"{Prefix}:Attributes:{attribute}: {expected}."], AttributeMapping.Validate(Tenant(new() { [attribute] = expression }), Prefix));

    [Theory]
    [InlineData("title", "'title' is not an attribute we own; map one of userPrincipalName, onPremisesImmutableId, displayName, mail, mailNickname, usageLocation, accountEnabled.")]
    [InlineData("proxyAddresses", "'proxyAddresses' is not an attribute we own; map one of userPrincipalName, onPremisesImmutableId, displayName, mail, mailNickname, usageLocation, accountEnabled.")]
    [InlineData("Mail", "attribute names are case-sensitive: write 'mail'.")]
    public void Only_owned_attributes_may_be_targets(string attribute, string expected) =>
        Assert.Equal([$"{Prefix}:Attributes:{attribute}: {expected}"], AttributeMapping.Validate(Tenant(new() { [attribute] = "source.upn" }), Prefix));

    [Fact]
    public void Mail_may_not_be_mapped_with_hybrid_exchange()
    {
        var tenant = Tenant(new() { ["mail"] = "source.upn" });
        tenant.HybridExchange = true;

        Assert.Equal([$"{Prefix}:Attributes:mail: mail is mastered by Exchange on-premises while HybridExchange is on, so it is never written; remove this mapping."],
            AttributeMapping.Validate(tenant, Prefix));
    }

    [Fact]
    public void Every_mistake_is_reported_at_once_and_compile_refuses_them()
    {
        var tenant = Tenant(new() { ["mail"] = "source.x", ["displayName"] = "Lower(", ["title"] = "\"t\"" });

        Assert.Equal(3, AttributeMapping.Validate(tenant, Prefix).Count);
        var error = Assert.Throws<ArgumentException>(() => AttributeMapping.Compile(tenant, Prefix));
        Assert.Contains("Attributes:mail: unknown source attribute 'source.x'", error.Message, StringComparison.Ordinal);
    }

    private static ProvisioningTenantOptions Tenant(Dictionary<string, string> attributes) => new() { Attributes = attributes };

    private static MappedUser Map(Dictionary<string, string> attributes, SourceUser? user = null) =>
        AttributeMapping.Compile(Tenant(attributes), Prefix).Map(user ?? Alice);
}
