namespace IdpFederation.Core.Provisioning.Mapping;

/// <summary>
/// The Graph user properties we own and overwrite on every sync (Graph v1.0 user resource names), and the expression
/// each takes when Idp:Provisioning:Tenants:N:Attributes does not map it. The defaults are written in the mapping
/// language itself, so they go through the same parser and evaluator as an administrator's mapping.
/// </summary>
public static class OwnedAttributes
{
    public const string DisplayName = "displayName";
    public const string UsageLocation = "usageLocation";
    public const string OnPremisesImmutableId = "onPremisesImmutableId";
    public const string UserPrincipalName = "userPrincipalName";
    public const string Mail = "mail";
    public const string AccountEnabled = "accountEnabled";

    /// <summary>Written only when the user is created: Exchange derives the alias from it, and renaming it later is Exchange's business.</summary>
    public const string MailNickname = "mailNickname";

    /// <summary>Every attribute a mapping may target, with its default expression, in the order plans list them.</summary>
    public static readonly IReadOnlyList<KeyValuePair<string, string>> Defaults =
    [
        new(UserPrincipalName, "source.upn"),
        new(OnPremisesImmutableId, "source.immutableId"),
        new(DisplayName, "Default(source.displayName, BeforeAt(source.upn))"),
        new(Mail, "source.upn"),
        new(MailNickname, "BeforeAt(source.upn)"),
        new(UsageLocation, "source.usageLocation"),
        new(AccountEnabled, "source.enabled"),
    ];

    public static IEnumerable<string> Names => Defaults.Select(d => d.Key);

    /// <summary>The type a target takes: accountEnabled is a boolean, everything else text.</summary>
    public static MappingValueKind KindOf(string attribute) => attribute == AccountEnabled ? MappingValueKind.Boolean : MappingValueKind.Text;
}
