using IdpFederation.Core.Configuration;
using Microsoft.Extensions.Options;

namespace IdpFederation.Core.Domains;

/// <summary>Answers which configured federated domain, and so which issuer, a UPN belongs to.</summary>
public sealed class FederatedDomainCatalog
{
    private readonly IOptionsMonitor<IdpOptions> _options;

    public FederatedDomainCatalog(IOptionsMonitor<IdpOptions> options) => _options = options;

    /// <summary>
    /// The exact domain when configured, else the nearest configured parent: Entra expects tokens for a
    /// subdomain user to carry the root domain's IssuerUri (spec §1.8).
    /// </summary>
    public FederatedDomainOptions? FindForUserPrincipalName(string userPrincipalName)
    {
        ArgumentNullException.ThrowIfNull(userPrincipalName);
        var at = userPrincipalName.LastIndexOf('@');
        if (at <= 0 || at == userPrincipalName.Length - 1)
        {
            return null;
        }

        var domains = _options.CurrentValue.Domains;
        var candidate = userPrincipalName[(at + 1)..];
        while (candidate.Length > 0)
        {
            foreach (var domain in domains)
            {
                if (string.Equals(domain.Name, candidate, StringComparison.OrdinalIgnoreCase))
                {
                    return domain;
                }
            }

            var dot = candidate.IndexOf('.', StringComparison.Ordinal);
            if (dot < 0)
            {
                break;
            }

            candidate = candidate[(dot + 1)..];
        }

        return null;
    }

    /// <summary>Turns a bare username into a UPN with the configured suffix; anything with an '@' is left alone.</summary>
    public string ToUserPrincipalName(string username)
    {
        ArgumentNullException.ThrowIfNull(username);
        var trimmed = username.Trim();
        var suffix = _options.CurrentValue.PrincipalNameSuffix;
        if (trimmed.Contains('@', StringComparison.Ordinal) || string.IsNullOrWhiteSpace(suffix) || trimmed.Length == 0)
        {
            return trimmed;
        }

        return trimmed + "@" + suffix.TrimStart('@');
    }
}
