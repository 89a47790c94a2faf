using System.Security.Cryptography.X509Certificates;
using System.Xml;
using IdpFederation.Protocols.Saml11;
using IdpFederation.Protocols.Signing;
using IdpFederation.Protocols.WsFederation;
using IdpFederation.Protocols.WsTrust;
using IdpFederation.Protocols.Xml;

namespace IdpFederation.Tests.Protocols;

/// <summary>Builds Entra-shaped tokens for the protocol tests.</summary>
public static class TestTokens
{
    public const string Issuer = "http://contoso.com/adfs/services/trust/";
    public const string Audience = "urn:federation:MicrosoftOnline";
    public const string ImmutableId = "AbCdEf+/Gh12345678==";
    public const string Upn = "alice@contoso.com";
    public const int MaxCharacters = 256 * 1024;

    public static readonly DateTime Now = new(2025, 3, 4, 5, 6, 7, 890, DateTimeKind.Utc);

    public static Saml11Assertion Model(string? id = null) => new()
    {
        AssertionId = id ?? XmlIds.NewId(),
        Issuer = Issuer,
        IssueInstant = Now,
        NotBefore = Now,
        NotOnOrAfter = Now.AddHours(1),
        Audiences = [Audience],
        NameIdentifier = ImmutableId,
        Attributes =
        [
            new(WsFederationClaimTypes.UpnName, WsFederationClaimTypes.UpnNamespace, Upn),
            new(WsFederationClaimTypes.ImmutableIdName, WsFederationClaimTypes.ImmutableIdNamespace, ImmutableId),
            new(WsFederationClaimTypes.AuthnMethodsReferencesName, WsFederationClaimTypes.AuthnMethodsReferencesNamespace,
                WsFederationConstants.AuthenticationTypes.MultipleAuthN),
            new(WsFederationClaimTypes.InsideCorporateNetworkName, WsFederationClaimTypes.InsideCorporateNetworkNamespace, "false"),
            new("empty", "http://example.com/claims", Array.Empty<string>()),
        ],
        AuthenticationMethod = Saml11Constants.AuthenticationMethodPasswordProtectedTransport,
        AuthenticationInstant = Now.AddMinutes(-1),
    };

    /// <summary>A signed assertion document (Signature last), signed with <paramref name="certificate"/> (default: the IdP cert).</summary>
    public static XmlDocument SignedAssertion(Saml11Assertion? model = null, X509Certificate2? certificate = null)
    {
        model ??= Model();
        var document = Saml11AssertionSerializer.ToXmlDocument(model);
        using var signer = new XmlSigner(certificate ?? TestCertificates.Signing);
        signer.SignEnveloped(document.DocumentElement!, model.AssertionId, insertBefore: null);
        return document;
    }

    public static string Rstr(XmlElement signedAssertion) =>
        WsTrust2005ResponseSerializer.Serialize(
            new RequestSecurityTokenResponse { Created = Now, Expires = Now.AddHours(1), AppliesTo = Audience },
            signedAssertion);

    /// <summary>Re-reads XML through the production entry point, as a consumer of our output would.</summary>
    public static XmlDocument Load(string xml) => SafeXml.LoadDocument(xml, MaxCharacters);

    public static XmlNamespaceManager Namespaces(XmlDocument document)
    {
        var ns = new XmlNamespaceManager(document.NameTable);
        ns.AddNamespace("saml", Saml11Constants.AssertionNamespace);
        ns.AddNamespace("ds", XmlSignatureAlgorithms.DsigNamespace);
        ns.AddNamespace("t", WsTrustConstants.Trust2005Namespace);
        ns.AddNamespace("wsu", WsTrustConstants.UtilityNamespace);
        ns.AddNamespace("wsp", WsTrustConstants.PolicyNamespace);
        ns.AddNamespace("wsa", WsTrustConstants.AddressingNamespace);
        ns.AddNamespace("md", "urn:oasis:names:tc:SAML:2.0:metadata");
        ns.AddNamespace("fed", "http://docs.oasis-open.org/wsfed/federation/200706");
        ns.AddNamespace("auth", "http://docs.oasis-open.org/wsfed/authorization/200706");
        ns.AddNamespace("xsi", "http://www.w3.org/2001/XMLSchema-instance");
        return ns;
    }

    public static SignatureValidationResult Validate(XmlElement assertion, params X509Certificate2[] trusted) =>
        SignedXmlValidator.Validate(
            assertion,
            Saml11Constants.AssertionIdAttribute,
            trusted.Length == 0 ? [TestCertificates.PublicOnly(TestCertificates.Signing)] : trusted);
}
