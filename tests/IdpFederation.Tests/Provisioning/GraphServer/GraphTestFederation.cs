using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;

namespace IdpFederation.Tests.Provisioning.GraphServer;

/// <summary>
/// A domain's internalDomainFederation (Graph v1.0 "internalDomainFederation resource type", entra-federation.md §5.2),
/// as a test seeds it (another IdP's configuration) or reads it back from the server. Enum values are Graph's JSON
/// spellings ("wsFed", "acceptIfMfaDoneByFederatedIdp", …); certificates are base64 DER.
/// </summary>
public sealed record GraphTestFederation(string IssuerUri, string PassiveSignInUri, string SigningCertificate)
{
    /// <summary>The configuration's GUID; null when seeding means "make one up".</summary>
    public string? Id { get; init; }

    public string? DisplayName { get; init; }

    public string? ActiveSignInUri { get; init; }

    public string? SignOutUri { get; init; }

    public string? MetadataExchangeUri { get; init; }

    public string? NextSigningCertificate { get; init; }

    public string? PreferredAuthenticationProtocol { get; init; }

    public string? FederatedIdpMfaBehavior { get; init; }

    public string? PromptLoginBehavior { get; init; }

    public bool? IsSignedAuthenticationRequestRequired { get; init; }

    public string? PasswordResetUri { get; init; }

    private static readonly Lazy<string> SharedSeedCertificate = new(() => CreateCertificate("CN=Other IdP token signing"));

    /// <summary>The configuration a domain listed as federated in the options starts with: an AD FS-like IdP's.</summary>
    public static GraphTestFederation Seeded(string domain) => new($"http://{domain}/adfs/services/trust/", $"https://sts.{domain}/adfs/ls/", SharedSeedCertificate.Value)
    {
        DisplayName = "Other IdP",
        ActiveSignInUri = $"https://sts.{domain}/adfs/services/trust/2005/usernamemixed",
        SignOutUri = $"https://sts.{domain}/adfs/ls/",
        MetadataExchangeUri = $"https://sts.{domain}/adfs/services/trust/mex",
        PreferredAuthenticationProtocol = "wsFed",
    };

    /// <summary>A fresh self-signed certificate as base64 DER, the form signingCertificate takes (ECDSA: quick to make).</summary>
    public static string CreateCertificate(string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        return Convert.ToBase64String(certificate.RawData);
    }

    internal JsonObject ToProperties()
    {
        var json = new JsonObject
        {
            ["displayName"] = DisplayName,
            ["issuerUri"] = IssuerUri,
            ["metadataExchangeUri"] = MetadataExchangeUri,
            ["passiveSignInUri"] = PassiveSignInUri,
            ["activeSignInUri"] = ActiveSignInUri,
            ["signOutUri"] = SignOutUri,
            ["signingCertificate"] = SigningCertificate,
            ["nextSigningCertificate"] = NextSigningCertificate,
            ["preferredAuthenticationProtocol"] = PreferredAuthenticationProtocol,
            ["promptLoginBehavior"] = PromptLoginBehavior,
            ["federatedIdpMfaBehavior"] = FederatedIdpMfaBehavior,
            ["isSignedAuthenticationRequestRequired"] = IsSignedAuthenticationRequestRequired,
            ["passwordResetUri"] = PasswordResetUri,
        };
        foreach (var name in json.Where(p => p.Value is null).Select(p => p.Key).ToArray())
        {
            json.Remove(name);
        }

        return json;
    }

    internal static GraphTestFederation From(string id, JsonObject props)
    {
        string? S(string name) => props[name]?.GetValue<string>();
        return new GraphTestFederation(S("issuerUri")!, S("passiveSignInUri")!, S("signingCertificate")!)
        {
            Id = id,
            DisplayName = S("displayName"),
            ActiveSignInUri = S("activeSignInUri"),
            SignOutUri = S("signOutUri"),
            MetadataExchangeUri = S("metadataExchangeUri"),
            NextSigningCertificate = S("nextSigningCertificate"),
            PreferredAuthenticationProtocol = S("preferredAuthenticationProtocol"),
            FederatedIdpMfaBehavior = S("federatedIdpMfaBehavior"),
            PromptLoginBehavior = S("promptLoginBehavior"),
            IsSignedAuthenticationRequestRequired = props["isSignedAuthenticationRequestRequired"]?.GetValue<bool>(),
            PasswordResetUri = S("passwordResetUri"),
        };
    }
}

/// <summary>
/// A user's row in the authentication methods registration report (Graph v1.0 "userRegistrationDetails"), as a test
/// sets it; users without one report false everywhere and no methods.
/// </summary>
public sealed record GraphTestRegistration(
    bool IsSsprRegistered = false,
    bool IsSsprEnabled = false,
    bool IsSsprCapable = false,
    bool IsMfaRegistered = false,
    bool IsMfaCapable = false,
    IReadOnlyList<string>? MethodsRegistered = null);
