using IdpFederation.Core.Configuration;

namespace IdpFederation.Cli;

/// <summary>Picks the tenants a provision command works on from Idp:Provisioning:Tenants and --tenant.</summary>
internal static class ProvisionTenants
{
    /// <summary>The named tenant, or every tenant when no name is given.</summary>
    public static IReadOnlyList<ProvisioningTenantOptions> Select(IdpOptions options, string? name)
    {
        var tenants = options.Provisioning.Tenants;
        if (tenants.Count == 0)
        {
            throw new CliRefusedException("No tenant is configured: add one under Idp:Provisioning:Tenants (Name, TenantId, ClientId, and a credential).");
        }

        if (name is null)
        {
            return tenants;
        }

        var tenant = tenants.FirstOrDefault(t => string.Equals(t.Name, name.Trim(), StringComparison.OrdinalIgnoreCase));
        return tenant is null
            ? throw new CliRefusedException($"No tenant '{name.Trim()}' under Idp:Provisioning:Tenants; configured: {string.Join(", ", tenants.Select(t => t.Name))}.")
            : [tenant];
    }

    /// <summary>Exactly one tenant: the named one, or the only one configured.</summary>
    public static ProvisioningTenantOptions One(IdpOptions options, string? name)
    {
        var tenants = Select(options, name);
        return tenants.Count == 1
            ? tenants[0]
            : throw new CliUsageException($"Several tenants are configured ({string.Join(", ", tenants.Select(t => t.Name))}): pass --tenant NAME.");
    }
}
