namespace IdpFederation.Protocols.Saml11;

/// <summary>SAML 1.1 identifiers used in WS-Federation tokens for Entra (spec §1.4).</summary>
public static class Saml11Constants
{
    /// <summary>SAML 1.x assertion namespace (SAML 1.1 reuses the 1.0 URI).</summary>
    public const string AssertionNamespace = "urn:oasis:names:tc:SAML:1.0:assertion";
    public const string Prefix = "saml";

    /// <summary>Value of RSTR TokenType for a SAML 1.1 assertion (spec §1.3).</summary>
    public const string TokenType = AssertionNamespace;

    public const string NameIdentifierFormatUnspecified = "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified";
    public const string ConfirmationMethodBearer = "urn:oasis:names:tc:SAML:1.0:cm:bearer";
    public const string AuthenticationMethodPasswordProtectedTransport =
        "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport";
    public const string AuthenticationMethodPassword = "urn:oasis:names:tc:SAML:1.0:am:password";

    /// <summary>The ID attribute of saml:Assertion, for <c>SignedXmlValidator</c> and xmlsec1's --id-attr.</summary>
    public const string AssertionIdAttribute = "AssertionID";
}
