namespace IdpFederation.Protocols.WsFederation;

/// <summary>WS-Federation passive requestor profile values (spec §1.1, §1.2, §1.7). Always http://, never https:// variants.</summary>
public static class WsFederationConstants
{
    public static class Actions
    {
        public const string SignIn = "wsignin1.0";
        public const string SignOut = "wsignout1.0";
        public const string SignOutCleanup = "wsignoutcleanup1.0";
    }

    public static class Parameters
    {
        public const string Action = "wa";
        public const string Realm = "wtrealm";
        public const string Reply = "wreply";
        public const string Context = "wctx";
        public const string Freshness = "wfresh";
        public const string AuthenticationType = "wauth";
        public const string Result = "wresult";
        public const string HomeRealm = "whr";
        public const string Username = "username";
        public const string ClientRequestId = "client-request-id";

        /// <summary>Passed as-is by Entra when promptLoginBehavior = nativeSupport (spec §1.1; placement UNCONFIRMED).</summary>
        public const string Prompt = "prompt";
    }

    /// <summary>wauth values Entra sends (spec §1.1) and authentication method URIs.</summary>
    public static class AuthenticationTypes
    {
        /// <summary>MFA step-up request, and the value of the authnmethodsreferences claim after real MFA.</summary>
        public const string MultipleAuthN = "http://schemas.microsoft.com/claims/multipleauthn";

        /// <summary>Fresh password authentication (promptLoginBehavior = translateToFreshPasswordAuthentication).</summary>
        public const string Password = "http://schemas.microsoft.com/ws/2008/06/identity/authenticationmethod/password";

        /// <summary>Older form of the fresh-password wauth; accept both (spec §1.1).</summary>
        public const string Saml10Password = "urn:oasis:names:tc:SAML:1.0:am:password";

        public const string PasswordProtectedTransport = "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport";
    }
}
