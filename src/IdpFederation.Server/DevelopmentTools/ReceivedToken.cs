using IdpFederation.Protocols.WsFederation;

namespace IdpFederation.Server.DevelopmentTools;

/// <summary>
/// What a posted wresult says, read from the one SAML 1.1 assertion it carries (and the RSTR around it). Nothing here
/// is trusted by itself: <see cref="TestRelyingPartyInspector"/> decides whether the signature and the rules hold.
/// A missing or unreadable value is null, so the page can say so instead of failing.
/// </summary>
public sealed record ReceivedToken
{
    public string? AppliesTo { get; init; }
    public DateTimeOffset? Created { get; init; }
    public DateTimeOffset? Expires { get; init; }
    public string? AssertionId { get; init; }
    public string? Issuer { get; init; }
    public DateTimeOffset? IssueInstant { get; init; }
    public DateTimeOffset? NotBefore { get; init; }
    public DateTimeOffset? NotOnOrAfter { get; init; }
    public IReadOnlyList<string> Audiences { get; init; } = [];

    /// <summary>One per saml:Subject (attribute and authentication statements); Entra needs them to be the ImmutableID.</summary>
    public IReadOnlyList<string> NameIdentifiers { get; init; } = [];

    public string? NameIdentifierFormat { get; init; }
    public IReadOnlyList<ReceivedClaim> Claims { get; init; } = [];
    public string? AuthenticationMethod { get; init; }
    public DateTimeOffset? AuthenticationInstant { get; init; }

    public string? NameIdentifier => NameIdentifiers.Count > 0 ? NameIdentifiers[0] : null;

    public string? UserPrincipalName => FirstValue(WsFederationClaimTypes.UpnNamespace, WsFederationClaimTypes.UpnName);

    public string? ImmutableId => FirstValue(WsFederationClaimTypes.ImmutableIdNamespace, WsFederationClaimTypes.ImmutableIdName);

    /// <summary>MFA as Entra reads it (spec §1.4 option A): the authnmethodsreferences claim says multipleauthn.</summary>
    public bool MultiFactor => Claims.Any(c =>
        c.Namespace == WsFederationClaimTypes.AuthnMethodsReferencesNamespace && c.Name == WsFederationClaimTypes.AuthnMethodsReferencesName
        && c.Values.Contains(WsFederationConstants.AuthenticationTypes.MultipleAuthN, StringComparer.Ordinal));

    private string? FirstValue(string ns, string name) =>
        Claims.FirstOrDefault(c => c.Namespace == ns && c.Name == name) is { Values.Count: > 0 } claim ? claim.Values[0] : null;
}

/// <summary>A SAML 1.1 attribute: AttributeNamespace + "/" + AttributeName is the claim type Entra reads.</summary>
public sealed record ReceivedClaim(string Namespace, string Name, IReadOnlyList<string> Values)
{
    public string Type => Namespace.TrimEnd('/') + "/" + Name;
}
