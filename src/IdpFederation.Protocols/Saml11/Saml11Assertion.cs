namespace IdpFederation.Protocols.Saml11;

/// <summary>
/// Model of the SAML 1.1 assertion Entra accepts over WS-Federation (spec §1.4). Written by
/// <see cref="Saml11AssertionSerializer"/>; signed separately by <c>XmlSigner</c>.
/// All instants are UTC (a <see cref="DateTimeKind.Local"/> value is refused when written).
/// </summary>
public sealed record Saml11Assertion
{
    /// <summary>xs:ID / NCName, unique per token; use <see cref="XmlIds.NewId"/>.</summary>
    public required string AssertionId { get; init; }

    /// <summary>Must equal the federated domain's IssuerUri exactly (AADSTS50107 otherwise).</summary>
    public required string Issuer { get; init; }

    public required DateTime IssueInstant { get; init; }

    public required DateTime NotBefore { get; init; }

    public required DateTime NotOnOrAfter { get; init; }

    /// <summary>At least one; Entra's is <c>urn:federation:MicrosoftOnline</c>.</summary>
    public required IReadOnlyList<string> Audiences { get; init; }

    /// <summary>The user's ImmutableID (Entra onPremisesImmutableId).</summary>
    public required string NameIdentifier { get; init; }

    public string NameIdentifierFormat { get; init; } = Saml11Constants.NameIdentifierFormatUnspecified;

    public string ConfirmationMethod { get; init; } = Saml11Constants.ConfirmationMethodBearer;

    /// <summary>Written in order; attributes without values are skipped.</summary>
    public required IReadOnlyList<Saml11Attribute> Attributes { get; init; }

    public required string AuthenticationMethod { get; init; }

    public required DateTime AuthenticationInstant { get; init; }
}
