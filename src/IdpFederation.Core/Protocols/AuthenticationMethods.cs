namespace IdpFederation.Core.Protocols;

/// <summary>Authentication method URIs recorded on sessions and written into AuthenticationStatement / AuthnContext.</summary>
public static class AuthenticationMethods
{
    /// <summary>Password over TLS; what AADInternals and AD FS forms sign-in report (spec §1.4).</summary>
    public const string PasswordProtectedTransport = "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport";

    /// <summary>
    /// Multi-factor: what Entra's federatedIdpMfaBehavior looks for (spec §1.4 option C for SAML 1.1, §1.5 for the
    /// SAML 2.0 AuthnContextClassRef).
    /// </summary>
    public const string MultipleAuthN = "http://schemas.microsoft.com/claims/multipleauthn";
}
