namespace IdpFederation.Core.Federation;

/// <summary>
/// The paths Entra is given for a federated domain. They are AD FS's own, so a domain moved from AD FS keeps working
/// with clients that cached them, and Entra derives the metadata URL it polls for new certificates from the passive
/// endpoint's host (entra-federation.md §7).
/// </summary>
public static class FederationEndpointPaths
{
    /// <summary>WS-Federation passive requests, sign-out (wa=wsignout1.0) and SAML 2.0 SSO share it, as on AD FS.</summary>
    public const string Passive = "/adfs/ls/";

    public const string Metadata = "/FederationMetadata/2007-06/FederationMetadata.xml";

    /// <summary>WS-Trust 1.3 usernamemixed (issue 14).</summary>
    public const string ActiveUsernameMixed = "/adfs/services/trust/2005/usernamemixed";

    /// <summary>The WS-MetadataExchange document rich clients read (issue 14).</summary>
    public const string MetadataExchange = "/adfs/services/trust/mex";
}
