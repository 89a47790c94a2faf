using IdpFederation.Core.Federation;
using Microsoft.Graph.Models;

namespace IdpFederation.Infrastructure.Federation;

/// <summary>Between Graph's internalDomainFederation (SDK model) and our <see cref="DomainFederationSettings"/>.</summary>
internal static class FederationSettingsMapping
{
    public static DomainFederationSettings FromGraph(InternalDomainFederation federation) => new()
    {
        IssuerUri = federation.IssuerUri ?? "",
        PassiveSignInUri = federation.PassiveSignInUri ?? "",
        ActiveSignInUri = federation.ActiveSignInUri,
        MetadataExchangeUri = federation.MetadataExchangeUri,
        SignOutUri = federation.SignOutUri ?? "",
        SigningCertificate = federation.SigningCertificate ?? "",
        NextSigningCertificate = federation.NextSigningCertificate,
        PreferredAuthenticationProtocol = federation.PreferredAuthenticationProtocol is { } protocol ? FederationSettingsBuilder.GraphValue(protocol.ToString()) : "",
        FederatedIdpMfaBehavior = federation.FederatedIdpMfaBehavior is { } mfa ? FederationSettingsBuilder.GraphValue(mfa.ToString()) : "",
        PromptLoginBehavior = federation.PromptLoginBehavior is { } prompt ? FederationSettingsBuilder.GraphValue(prompt.ToString()) : "",
        DisplayName = federation.DisplayName,
    };

    public static InternalDomainFederation ToGraph(DomainFederationSettings settings) => new()
    {
        OdataType = "#microsoft.graph.internalDomainFederation",
        IssuerUri = settings.IssuerUri,
        PassiveSignInUri = settings.PassiveSignInUri,
        ActiveSignInUri = settings.ActiveSignInUri,
        MetadataExchangeUri = settings.MetadataExchangeUri,
        SignOutUri = settings.SignOutUri,
        SigningCertificate = settings.SigningCertificate,
        NextSigningCertificate = settings.NextSigningCertificate,
        PreferredAuthenticationProtocol = Parse<AuthenticationProtocol>(settings.PreferredAuthenticationProtocol),
        FederatedIdpMfaBehavior = Parse<FederatedIdpMfaBehavior>(settings.FederatedIdpMfaBehavior),
        PromptLoginBehavior = Parse<PromptLoginBehavior>(settings.PromptLoginBehavior),
        DisplayName = settings.DisplayName,
    };

    /// <summary>
    /// Only the properties in <paramref name="differences"/>, for a PATCH. A property we no longer want (an active
    /// endpoint, a next certificate) is sent as an explicit null: the SDK's serializer skips null properties, so the
    /// null goes in as additional data, which it writes as it is.
    /// </summary>
    public static InternalDomainFederation Changes(DomainFederationSettings ours, IReadOnlyList<FederationSettingDifference> differences)
    {
        var full = ToGraph(ours);
        var changes = new InternalDomainFederation { OdataType = full.OdataType };
        foreach (var difference in differences)
        {
            if (difference.Ours is null)
            {
                changes.AdditionalData[difference.Property] = null!;
                continue;
            }

            switch (difference.Property)
            {
                case "issuerUri": changes.IssuerUri = full.IssuerUri; break;
                case "passiveSignInUri": changes.PassiveSignInUri = full.PassiveSignInUri; break;
                case "activeSignInUri": changes.ActiveSignInUri = full.ActiveSignInUri; break;
                case "metadataExchangeUri": changes.MetadataExchangeUri = full.MetadataExchangeUri; break;
                case "signOutUri": changes.SignOutUri = full.SignOutUri; break;
                case "signingCertificate": changes.SigningCertificate = full.SigningCertificate; break;
                case "nextSigningCertificate": changes.NextSigningCertificate = full.NextSigningCertificate; break;
                case "preferredAuthenticationProtocol": changes.PreferredAuthenticationProtocol = full.PreferredAuthenticationProtocol; break;
                case "federatedIdpMfaBehavior": changes.FederatedIdpMfaBehavior = full.FederatedIdpMfaBehavior; break;
                case "promptLoginBehavior": changes.PromptLoginBehavior = full.PromptLoginBehavior; break;
                case "displayName": changes.DisplayName = full.DisplayName; break;
                default: throw new ArgumentOutOfRangeException(nameof(differences), difference.Property, "Not an internalDomainFederation property.");
            }
        }

        return changes;
    }

    private static TEnum? Parse<TEnum>(string value) where TEnum : struct, Enum =>
        Enum.TryParse<TEnum>(value, ignoreCase: true, out var parsed) ? parsed : null;
}
