namespace IdpFederation.Protocols.WsFederation;

/// <summary>
/// SAML 1.1 AttributeName / AttributeNamespace pairs Entra reads (spec §1.4): the claim URI split
/// at its last '/'. Always http://: the https:// forms on some Microsoft Learn pages are a doc
/// conversion artefact and Entra does not recognise them.
/// </summary>
public static class WsFederationClaimTypes
{
    public const string UpnName = "UPN";
    public const string UpnNamespace = "http://schemas.xmlsoap.org/claims";

    /// <summary>REQUIRED by Entra (AADSTS90020 without it); value = onPremisesImmutableId, case-sensitive.</summary>
    public const string ImmutableIdName = "ImmutableID";
    public const string ImmutableIdNamespace = "http://schemas.microsoft.com/LiveID/Federation/2008/05";

    /// <summary>MFA performed (option A in spec §1.4); value <see cref="WsFederationConstants.AuthenticationTypes.MultipleAuthN"/>.</summary>
    public const string AuthnMethodsReferencesName = "authnmethodsreferences";
    public const string AuthnMethodsReferencesNamespace = "http://schemas.microsoft.com/claims";

    /// <summary>"true" / "false": the sign-in came from the corporate network.</summary>
    public const string InsideCorporateNetworkName = "insidecorporatenetwork";
    public const string InsideCorporateNetworkNamespace = "http://schemas.microsoft.com/ws/2012/01";
}
