namespace IdpFederation.Core.Tokens;

/// <summary>
/// The protocol-neutral claim decision for one token. WS-Fed, SAML 2.0 and WS-Trust all render this one record, so
/// the rules (issuer, ImmutableID, MFA) live in exactly one place.
/// </summary>
public sealed record IssuedClaims
{
    /// <summary>The user's domain IssuerUri, exactly as configured in Entra (spec §1.8).</summary>
    public required string Issuer { get; init; }

    /// <summary>Entra matches users by this, case-sensitively (spec §1.4).</summary>
    public required string ImmutableId { get; init; }

    public required string UserPrincipalName { get; init; }
    /// <summary>The AuthenticationStatement / AuthnContextClassRef method: multipleauthn after real MFA.</summary>
    public required string AuthenticationMethod { get; init; }
    public required DateTimeOffset AuthenticationInstant { get; init; }

    /// <summary>Set only after real MFA; nothing a request asks for can turn it on.</summary>
    public bool MultiFactorAuthenticated { get; init; }

    /// <summary>When the second factor was proved; set with <see cref="MultiFactorAuthenticated"/>.</summary>
    public DateTimeOffset? MultiFactorAuthenticationInstant { get; init; }

    /// <summary>Whether the client is in a corporate network named by the policy (spec §1.4 insidecorporatenetwork).</summary>
    public bool InsideCorporateNetwork { get; init; }
}
