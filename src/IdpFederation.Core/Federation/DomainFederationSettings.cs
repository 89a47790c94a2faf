namespace IdpFederation.Core.Federation;

/// <summary>
/// A domain's internalDomainFederation as Graph holds it (entra-federation.md §5.2), in Graph's own spelling: camelCase
/// enum values ("wsFed", "acceptIfMfaDoneByFederatedIdp") and certificates as base64 DER. Both what we want Entra to
/// hold (<see cref="FederationSettingsBuilder"/>) and what Entra holds (read back through Graph) use it, so they compare.
/// </summary>
public sealed record DomainFederationSettings
{
    /// <summary>No federation: compared against, it lists every property set (a create, or what a revert removed).</summary>
    public static readonly DomainFederationSettings None = new()
    {
        IssuerUri = "", PassiveSignInUri = "", SignOutUri = "", SigningCertificate = "",
        PreferredAuthenticationProtocol = "", FederatedIdpMfaBehavior = "", PromptLoginBehavior = "",
    };

    public required string IssuerUri { get; init; }

    public required string PassiveSignInUri { get; init; }

    /// <summary>The WS-Trust usernamemixed endpoint for rich clients; null while we serve no WS-Trust.</summary>
    public string? ActiveSignInUri { get; init; }

    /// <summary>The MEX document for rich clients; null while we serve no WS-Trust.</summary>
    public string? MetadataExchangeUri { get; init; }

    public required string SignOutUri { get; init; }

    /// <summary>Base64 DER of the certificate that signs tokens now.</summary>
    public required string SigningCertificate { get; init; }

    /// <summary>Base64 DER of the certificate published ahead of a rollover, or null.</summary>
    public string? NextSigningCertificate { get; init; }

    /// <summary>"wsFed" or "saml".</summary>
    public required string PreferredAuthenticationProtocol { get; init; }

    /// <summary>"acceptIfMfaDoneByFederatedIdp", "enforceMfaByFederatedIdp" or "rejectMfaByFederatedIdp".</summary>
    public required string FederatedIdpMfaBehavior { get; init; }

    /// <summary>"translateToFreshPasswordAuthentication", "nativeSupport" or "disabled".</summary>
    public required string PromptLoginBehavior { get; init; }

    public string? DisplayName { get; init; }
}
