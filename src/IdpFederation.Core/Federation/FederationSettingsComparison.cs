using System.Security.Cryptography;

namespace IdpFederation.Core.Federation;

/// <summary>One property where what Entra holds differs from what we want, in Graph's property name.</summary>
public sealed record FederationSettingDifference(string Property, string? Entra, string? Ours);

/// <summary>
/// Compares what Entra holds with what we want, property by property. Certificates compare and show by thumbprint,
/// since base64 DER is unreadable in a terminal. Strings compare exactly (the issuer must match the token's Issuer to
/// the character, spec §1.8); enum values ignore case, which PowerShell and older tools write differently.
/// </summary>
public static class FederationSettingsComparison
{
    public static IReadOnlyList<FederationSettingDifference> Compare(DomainFederationSettings entra, DomainFederationSettings ours)
    {
        ArgumentNullException.ThrowIfNull(entra);
        ArgumentNullException.ThrowIfNull(ours);
        var differences = new List<FederationSettingDifference>();
        Exact(differences, "issuerUri", entra.IssuerUri, ours.IssuerUri);
        Exact(differences, "passiveSignInUri", entra.PassiveSignInUri, ours.PassiveSignInUri);
        Exact(differences, "activeSignInUri", entra.ActiveSignInUri, ours.ActiveSignInUri);
        Exact(differences, "metadataExchangeUri", entra.MetadataExchangeUri, ours.MetadataExchangeUri);
        Exact(differences, "signOutUri", entra.SignOutUri, ours.SignOutUri);
        Certificate(differences, "signingCertificate", entra.SigningCertificate, ours.SigningCertificate);
        Certificate(differences, "nextSigningCertificate", entra.NextSigningCertificate, ours.NextSigningCertificate);
        Enum(differences, "preferredAuthenticationProtocol", entra.PreferredAuthenticationProtocol, ours.PreferredAuthenticationProtocol);
        Enum(differences, "federatedIdpMfaBehavior", entra.FederatedIdpMfaBehavior, ours.FederatedIdpMfaBehavior);
        Enum(differences, "promptLoginBehavior", entra.PromptLoginBehavior, ours.PromptLoginBehavior);
        Exact(differences, "displayName", entra.DisplayName, ours.DisplayName);
        return differences;
    }

    /// <summary>The SHA-1 thumbprint (upper-case hex, as certificate stores and Graph PowerShell show it) of base64 DER.</summary>
    public static string? Thumbprint(string? base64Der)
    {
        if (string.IsNullOrWhiteSpace(base64Der))
        {
            return null;
        }

        try
        {
            // SHA-1 is what a certificate thumbprint is, not a security decision.
#pragma warning disable CA5350
            return Convert.ToHexString(SHA1.HashData(Convert.FromBase64String(base64Der.Trim())));
#pragma warning restore CA5350
        }
        catch (FormatException)
        {
            return "(not base64)";
        }
    }

    private static void Exact(List<FederationSettingDifference> differences, string property, string? entra, string? ours)
    {
        if (!string.Equals(Blank(entra), Blank(ours), StringComparison.Ordinal))
        {
            differences.Add(new(property, Blank(entra), Blank(ours)));
        }
    }

    private static void Enum(List<FederationSettingDifference> differences, string property, string? entra, string? ours)
    {
        if (!string.Equals(Blank(entra), Blank(ours), StringComparison.OrdinalIgnoreCase))
        {
            differences.Add(new(property, Blank(entra), Blank(ours)));
        }
    }

    private static void Certificate(List<FederationSettingDifference> differences, string property, string? entra, string? ours)
    {
        var (held, wanted) = (Thumbprint(entra), Thumbprint(ours));
        if (!string.Equals(held, wanted, StringComparison.Ordinal))
        {
            differences.Add(new(property, held, wanted));
        }
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
