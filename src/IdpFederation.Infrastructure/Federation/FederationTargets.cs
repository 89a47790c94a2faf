using IdpFederation.Core.Configuration;

namespace IdpFederation.Infrastructure.Federation;

/// <summary>A configured domain and the Graph connection (provisioning tenant) that manages it.</summary>
public sealed record FederationTarget(FederatedDomainOptions Domain, ProvisioningTenantOptions Tenant);

/// <summary>Which configured domains a federation command works on, and through which tenant's Graph connection.</summary>
public static class FederationTargets
{
    /// <summary>
    /// The named domains (all of Idp:Domains when none is named). Each must be configured, must not be a subdomain of
    /// another configured domain (Entra federates the parent and the subdomain follows, §1.8), and must be listed in
    /// the Domains of one Idp:Provisioning:Tenants entry, whose Graph connection is used.
    /// </summary>
    /// <exception cref="FederationTargetException">A domain is unknown, a subdomain, or has no tenant.</exception>
    /// <param name="requireTenant">False skips domains no tenant manages instead of refusing (certificate rollover).</param>
    public static IReadOnlyList<FederationTarget> Select(IdpOptions options, IReadOnlyCollection<string> names, bool requireTenant = true)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(names);
        var chosen = names.Count == 0 ? options.Domains.Select(d => d.Name).Where(n => ParentOf(options, n) is null).ToList() : names.Select(n => n.Trim().TrimEnd('.')).ToList();
        var targets = new List<FederationTarget>();
        foreach (var name in chosen.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            var domain = options.Domains.FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.OrdinalIgnoreCase))
                ?? throw new FederationTargetException($"{name} is not under Idp:Domains; configured: {string.Join(", ", options.Domains.Select(d => d.Name))}.");
            if (ParentOf(options, domain.Name) is { } parent)
            {
                throw new FederationTargetException($"{domain.Name} is a subdomain of {parent} and follows its federation in Entra; federate {parent} instead.");
            }

            var tenant = options.Provisioning.Tenants.FirstOrDefault(t => t.Domains.Contains(domain.Name, StringComparer.OrdinalIgnoreCase));
            if (tenant is null)
            {
                if (!requireTenant)
                {
                    continue;
                }

                throw new FederationTargetException($"No Graph connection manages {domain.Name}: list it in the Domains of an Idp:Provisioning:Tenants entry (see `idpfed provision verify`).");
            }

            targets.Add(new FederationTarget(domain, tenant));
        }

        return targets;
    }

    private static string? ParentOf(IdpOptions options, string name) =>
        options.Domains.Select(d => d.Name).Where(d => name.EndsWith("." + d, StringComparison.OrdinalIgnoreCase)).MaxBy(d => d.Length);
}

public sealed class FederationTargetException(string message) : Exception(message);
