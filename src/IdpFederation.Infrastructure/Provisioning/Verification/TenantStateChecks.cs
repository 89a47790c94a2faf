using System.Globalization;
using Azure.Identity;
using IdpFederation.Core.Configuration;
using IdpFederation.Core.Provisioning;
using IdpFederation.Infrastructure.Provisioning.Graph;
using Microsoft.Kiota.Abstractions;

namespace IdpFederation.Infrastructure.Provisioning.Verification;

/// <summary>What the tenant itself must look like: our domains verified (and federated), directory sync off, and the
/// mapped licences subscribed with units to spare.</summary>
internal static class TenantStateChecks
{
    public static async Task<IReadOnlyList<CheckResult>> DomainsAsync(GraphTenantReader reader, ProvisioningTenantOptions tenant, CancellationToken cancellationToken)
    {
        if (tenant.Domains.Count == 0)
        {
            return [CheckResult.NotReady("domains", $"Idp:Provisioning:Tenants[{tenant.Name}]:Domains is empty: list the domains whose users go to this tenant.")];
        }

        var (domains, error) = await ReadAsync(() => reader.ListDomainsAsync(cancellationToken), "GET /domains", "Domain.Read.All").ConfigureAwait(false);
        if (domains is null)
        {
            return [CheckResult.NotReady("domains", error!)];
        }

        return tenant.Domains.Select(name => Domain(name, domains.FirstOrDefault(d => string.Equals(d.Name, name.Trim(), StringComparison.OrdinalIgnoreCase)))).ToArray();
    }

    // Graph domain resource: only verified domains take users, and federation needs a verified domain (spec §5.1, §5.4).
    internal static CheckResult Domain(string name, TenantDomain? domain)
    {
        var check = "domain " + name;
        if (domain is null)
        {
            return CheckResult.NotReady(check, $"not in the tenant. Fix: add it (Microsoft 365 admin center → Settings → Domains, or New-MgDomain -Id {name}) and verify it.");
        }

        if (!domain.IsVerified)
        {
            return CheckResult.NotReady(check, $"added but not verified. Fix: publish the DNS record from Get-MgDomainVerificationDnsRecord -DomainId {name}, then Confirm-MgDomain -DomainId {name}.");
        }

        return domain.IsFederated
            ? CheckResult.Ready(check, "verified and federated.")
            : CheckResult.Warning(check, $"verified but managed, not federated yet: its users cannot sign in here. Fix: federate it (issue 13, or New-MgDomainFederationConfiguration -DomainId {name} as in the README, \"Federating a Microsoft 365 domain\").");
    }

    public static async Task<CheckResult> DirectorySyncAsync(GraphTenantReader reader, ProvisioningTenantOptions tenant, CancellationToken cancellationToken)
    {
        const string check = "directory sync";
        var (state, error) = await ReadAsync(async () => new[] { await reader.DirectorySyncEnabledAsync(cancellationToken).ConfigureAwait(false) }, "GET /organization", "Organization.Read.All").ConfigureAwait(false);
        if (state is null)
        {
            return CheckResult.NotReady(check, error!);
        }

        // organization.onPremisesSyncEnabled: true = Entra Connect masters the users; false = turned off; null = never on (spec §6.6).
        var organizationId = Guid.TryParse(tenant.TenantId, out var id) ? id.ToString() : "<tenant id>";
        return state[0] switch
        {
            true => CheckResult.NotReady(check, "on (organization.onPremisesSyncEnabled is true): Entra Connect owns synced users and would overwrite ours. " +
                $"Fix: stop Entra Connect, then Update-MgOrganization -OrganizationId {organizationId} -BodyParameter @{{onPremisesSyncEnabled=$false}}; it takes up to 72 hours and cannot be cancelled."),
            false => CheckResult.Ready(check, "off (was turned off)."),
            null => CheckResult.Ready(check, "off (never turned on)."),
        };
    }

    public static async Task<IReadOnlyList<CheckResult>> LicencesAsync(GraphTenantReader reader, ProvisioningTenantOptions tenant, CancellationToken cancellationToken)
    {
        var mapped = tenant.Roles.SelectMany(r => r.Licenses.Select(l => (Role: r.Role, Sku: l.Trim()))).ToList();
        if (mapped.Count == 0)
        {
            return [];
        }

        var (skus, error) = await ReadAsync(() => reader.ListSkusAsync(cancellationToken), "GET /subscribedSkus", "Organization.Read.All").ConfigureAwait(false);
        if (skus is null)
        {
            return [CheckResult.NotReady("licences", error!)];
        }

        return mapped.GroupBy(m => m.Sku, StringComparer.OrdinalIgnoreCase)
            .Select(g => Licence(g.Key, g.Select(m => m.Role).Distinct().ToList(), skus))
            .ToArray();
    }

    private static CheckResult Licence(string sku, List<string> roles, IReadOnlyList<CloudSku> skus)
    {
        var check = "licence " + sku;
        var found = skus.FirstOrDefault(s => Guid.TryParse(sku, out var id) ? s.SkuId == id : string.Equals(s.SkuPartNumber, sku, StringComparison.OrdinalIgnoreCase));
        var usedBy = $"mapped by role{(roles.Count > 1 ? "s" : "")} {string.Join(", ", roles)}";
        if (found is null)
        {
            var known = skus.Count == 0 ? "the tenant has no subscriptions" : "the tenant has " + string.Join(", ", skus.Select(s => $"{s.SkuPartNumber} ({s.SkuId})"));
            return CheckResult.NotReady(check, $"{usedBy}, is not a subscribed SKU ({known}). Fix: use one of those part numbers or SKU IDs, or buy the subscription.");
        }

        var free = found.EnabledUnits - found.ConsumedUnits;
        var units = string.Create(CultureInfo.InvariantCulture, $"{found.SkuPartNumber} ({found.SkuId}), {usedBy}: {Math.Max(free, 0)} of {found.EnabledUnits} units free");
        return free > 0
            ? CheckResult.Ready(check, units + ".")
            : CheckResult.Warning(check, units + ". Fix: buy more units or free some; until then new users get no licence.");
    }

    /// <summary>Runs one read; a refusal becomes one line naming the call, Graph's error code and the permission it takes.</summary>
    private static async Task<(T? Value, string? Error)> ReadAsync<T>(Func<Task<T>> read, string call, string permission)
        where T : class
    {
        try
        {
            return (await read().ConfigureAwait(false), null);
        }
        catch (Exception ex) when (ex is ApiException or HttpRequestException or AuthenticationFailedException or TaskCanceledException { InnerException: TimeoutException })
        {
            var status = ex is ApiException api ? api.ResponseStatusCode : 0;
            var hint = status == 403 ? $" Fix: grant {permission} (application permission, admin consent)." : "";
            var message = string.Join(' ', GraphErrors.Describe(ex).Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            return (null, $"Graph refused {call}: {message}.{hint}");
        }
    }
}
