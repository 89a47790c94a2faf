using IdpFederation.Core.Configuration;
using IdpFederation.Infrastructure.Federation;

namespace IdpFederation.Cli;

/// <summary>
/// The configured domains (Idp:Domains) a federation command works on, from its --domain options. A subdomain of
/// another configured domain follows its parent's federation (entra-federation.md §1.8), so it is never one of them.
/// </summary>
internal sealed record FederationDomainSelection(IReadOnlyList<FederatedDomainOptions> Domains, IReadOnlyList<FollowingSubdomain> Following)
{
    /// <summary>The named domains, or every configured root domain when none is named.</summary>
    public static FederationDomainSelection Select(IdpOptions options, IReadOnlyList<string> requested)
    {
        var configured = options.Domains;
        if (configured.Count == 0)
        {
            throw new CliRefusedException("No domain is configured: list the Microsoft 365 domains to federate under Idp:Domains.");
        }

        if (requested.Count == 0)
        {
            var following = configured
                .Select(d => (Domain: d, Parent: ConfiguredParent(configured, d.Name)))
                .Where(p => p.Parent is not null)
                .Select(p => new FollowingSubdomain(p.Domain.Name, p.Parent!.Name))
                .ToList();
            return new(configured.Where(d => ConfiguredParent(configured, d.Name) is null).ToList(), following);
        }

        var selected = new List<FederatedDomainOptions>();
        foreach (var name in requested.Select(r => r.Trim().TrimEnd('.')).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (ConfiguredParent(configured, name) is { } parent)
            {
                throw new CliRefusedException(
                    $"{name} follows its parent {parent.Name}: a subdomain takes its parent's federation in Entra (spec §1.8). Use --domain {parent.Name}.");
            }

            selected.Add(configured.FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.OrdinalIgnoreCase))
                ?? throw new CliRefusedException($"No domain '{name}' under Idp:Domains; configured: {string.Join(", ", configured.Select(d => d.Name))}."));
        }

        return new(selected, []);
    }

    /// <summary>The nearest configured domain that <paramref name="name"/> is a subdomain of, or null.</summary>
    private static FederatedDomainOptions? ConfiguredParent(IReadOnlyList<FederatedDomainOptions> configured, string name)
    {
        for (var dot = name.IndexOf('.', StringComparison.Ordinal); dot >= 0; dot = name.IndexOf('.', dot + 1))
        {
            var candidate = name[(dot + 1)..];
            if (configured.FirstOrDefault(d => string.Equals(d.Name, candidate, StringComparison.OrdinalIgnoreCase)) is { } parent)
            {
                return parent;
            }
        }

        return null;
    }

    /// <summary>
    /// The one tenant (Idp:Provisioning:Tenants) whose Domains list the selected domains, or null when none does. One
    /// script signs in to one tenant, so domains of different tenants are refused.
    /// </summary>
    public ProvisioningTenantOptions? Tenant(IdpOptions options)
    {
        var tenants = Domains
            .SelectMany(d => options.Provisioning.Tenants
                .Where(t => t.Domains.Contains(d.Name, StringComparer.OrdinalIgnoreCase))
                .Select(t => (Domain: d.Name, Tenant: t)))
            .ToList();
        var distinct = tenants.Select(t => t.Tenant).Distinct().ToList();
        return distinct.Count <= 1
            ? distinct.SingleOrDefault()
            : throw new CliUsageException(
                $"The domains belong to different tenants ({string.Join("; ", tenants.Select(t => $"{t.Domain}: {t.Tenant.Name}"))}): " +
                "one script signs in to one tenant, so pass the --domain options of one tenant.");
    }
}
