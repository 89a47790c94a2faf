namespace IdpFederation.Core.Configuration;

public sealed class FederatedDomainOptions
{
    /// <summary>The Microsoft 365 domain, e.g. contoso.com.</summary>
    public string Name { get; set; } = "";

    /// <summary>
    /// Must equal the domain's IssuerUri in Entra exactly (spec §1.8); defaults to "URN:&lt;domain&gt;".
    /// </summary>
    public string? IssuerUri { get; set; }

    /// <summary>The protocol Entra sends users to us with (internalDomainFederation.preferredAuthenticationProtocol).</summary>
    public FederationProtocol Protocol { get; set; } = FederationProtocol.WsFed;

    /// <summary>
    /// What Entra does with MFA done here (spec §1.5). The default trusts our MFA claim and lets Entra do MFA when we
    /// did not, the setting Microsoft recommends for an IdP that performs MFA itself.
    /// </summary>
    public FederatedIdpMfaBehavior FederatedIdpMfaBehavior { get; set; } = FederatedIdpMfaBehavior.AcceptIfMfaDoneByFederatedIdp;

    /// <summary>How Entra passes prompt=login on (internalDomainFederation.promptLoginBehavior); Entra's own default.</summary>
    public PromptLoginBehavior PromptLoginBehavior { get; set; } = PromptLoginBehavior.TranslateToFreshPasswordAuthentication;

    /// <summary>The name Entra shows for the IdP (internalDomainFederation.displayName); defaults to Branding:OrganizationName.</summary>
    public string? DisplayName { get; set; }

    public string EffectiveIssuerUri => string.IsNullOrWhiteSpace(IssuerUri) ? "URN:" + Name : IssuerUri;
}

/// <summary>Graph's authenticationProtocol values we serve.</summary>
public enum FederationProtocol
{
    WsFed,
    Saml,
}

/// <summary>Graph's federatedIdpMfaBehavior values.</summary>
public enum FederatedIdpMfaBehavior
{
    AcceptIfMfaDoneByFederatedIdp,
    EnforceMfaByFederatedIdp,
    RejectMfaByFederatedIdp,
}

/// <summary>Graph's promptLoginBehavior values.</summary>
public enum PromptLoginBehavior
{
    TranslateToFreshPasswordAuthentication,
    NativeSupport,
    Disabled,
}
