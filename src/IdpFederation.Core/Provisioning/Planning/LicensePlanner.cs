using IdpFederation.Core.Configuration;

namespace IdpFederation.Core.Provisioning.Planning;

/// <summary>
/// Which SKUs a user's roles map to, and whether the tenant has the units for them. Units are counted across the whole
/// plan, so the plan reports "no free units" instead of sending writes Graph would refuse. Units that this plan frees
/// (removals, deprovisioning) are not counted as free: the writes may run in any order.
/// </summary>
internal sealed class LicensePlanner
{
    private readonly ProvisioningTenantOptions _tenant;
    private readonly Dictionary<Guid, CloudSku> _byId = [];
    private readonly Dictionary<string, CloudSku> _byPartNumber = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<Guid, int> _free = [];

    public LicensePlanner(ProvisioningTenantOptions tenant, IReadOnlyList<CloudSku> skus)
    {
        _tenant = tenant;
        foreach (var sku in skus)
        {
            _byId.TryAdd(sku.SkuId, sku);
            _byPartNumber.TryAdd(sku.SkuPartNumber, sku);
            _free[sku.SkuId] = Math.Max(0, sku.EnabledUnits - sku.ConsumedUnits);
        }
    }

    /// <summary>The part number for display ("O365_BUSINESS_PREMIUM"), or the GUID when the tenant does not list it.</summary>
    public string PartNumberOf(Guid skuId) => _byId.TryGetValue(skuId, out var sku) ? sku.SkuPartNumber : skuId.ToString();

    /// <summary>The SKUs the user's provisioning roles map to, or the reason one of them cannot be resolved.</summary>
    public (IReadOnlyList<Guid> Skus, string? Problem) Desired(IReadOnlyList<ProvisioningRoleOptions> roles)
    {
        var mapped = roles.Where(r => r.Licenses.Count > 0);
        if (_tenant.LicenseMode == LicenseMode.FirstMatchingRole)
        {
            mapped = mapped.Take(1);
        }

        var skus = new List<Guid>();
        foreach (var role in mapped)
        {
            foreach (var license in role.Licenses)
            {
                var sku = Guid.TryParse(license, out var id) ? _byId.GetValueOrDefault(id) : _byPartNumber.GetValueOrDefault(license.Trim());
                if (sku is null)
                {
                    return ([], $"licence '{license}' of role '{role.Role}' is not a SKU this tenant subscribes to (GET /subscribedSkus)");
                }

                if (!skus.Contains(sku.SkuId))
                {
                    skus.Add(sku.SkuId);
                }
            }
        }

        return (skus, null);
    }

    /// <summary>Takes one unit of each SKU, all or none; returns the SKU that has none left.</summary>
    public Guid? TryReserve(IReadOnlyList<Guid> skus)
    {
        foreach (var sku in skus)
        {
            if (_free.GetValueOrDefault(sku) < 1)
            {
                return sku;
            }
        }

        foreach (var sku in skus)
        {
            _free[sku]--;
        }

        return null;
    }
}
