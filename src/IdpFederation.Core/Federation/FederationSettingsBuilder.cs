using System.Security.Cryptography.X509Certificates;
using IdpFederation.Core.Configuration;

namespace IdpFederation.Core.Federation;

/// <summary>The internalDomainFederation we want Entra to hold for one configured domain (entra-federation.md §5.2).</summary>
public static class FederationSettingsBuilder
{
    /// <param name="activeEndpoints">
    /// Whether we serve WS-Trust and MEX; until we do, Entra is given no active endpoint, so rich clients fall back to
    /// the browser sign-in instead of posting passwords to an address that does not answer.
    /// </param>
    public static DomainFederationSettings Build(IdpOptions options, FederatedDomainOptions domain, X509Certificate2 signing,
        X509Certificate2? next, bool activeEndpoints)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(domain);
        ArgumentNullException.ThrowIfNull(signing);
        var root = options.PublicBaseUrl.TrimEnd('/');
        return new DomainFederationSettings
        {
            IssuerUri = domain.EffectiveIssuerUri,
            PassiveSignInUri = root + FederationEndpointPaths.Passive,
            SignOutUri = root + FederationEndpointPaths.Passive,
            ActiveSignInUri = activeEndpoints ? root + FederationEndpointPaths.ActiveUsernameMixed : null,
            MetadataExchangeUri = activeEndpoints ? root + FederationEndpointPaths.MetadataExchange : null,
            SigningCertificate = Convert.ToBase64String(signing.RawData),
            NextSigningCertificate = next is null ? null : Convert.ToBase64String(next.RawData),
            PreferredAuthenticationProtocol = GraphValue(domain.Protocol.ToString()),
            FederatedIdpMfaBehavior = GraphValue(domain.FederatedIdpMfaBehavior.ToString()),
            PromptLoginBehavior = GraphValue(domain.PromptLoginBehavior.ToString()),
            DisplayName = string.IsNullOrWhiteSpace(domain.DisplayName) ? options.Branding.OrganizationName : domain.DisplayName,
        };
    }

    /// <summary>Graph spells enum members in camelCase: WsFed is "wsFed".</summary>
    public static string GraphValue(string member) => char.ToLowerInvariant(member[0]) + member[1..];
}
