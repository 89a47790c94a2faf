using System.Text.Json;
using System.Text.Json.Nodes;

namespace IdpFederation.Tests.Provisioning.GraphServer;

/// <summary>
/// /subscribedSkus and assignLicense (Graph "user: assignLicense"): usageLocation first,
/// SKUs that exist, units that remain. Callers hold the directory lock.
/// </summary>
internal sealed class TenantApi
{
    private readonly GraphDirectory _directory;

    public TenantApi(GraphDirectory directory) => _directory = directory;

    public GraphResult SubscribedSkus()
    {
        var value = new JsonArray();
        foreach (var sku in _directory.Options.Skus)
        {
            value.Add(new JsonObject
            {
                ["id"] = $"{_directory.Options.TenantId}_{sku.SkuId}",
                ["skuId"] = sku.SkuId.ToString(),
                ["skuPartNumber"] = sku.SkuPartNumber,
                ["appliesTo"] = "User",
                ["capabilityStatus"] = "Enabled",
                ["consumedUnits"] = _directory.Consumed[sku.SkuId],
                ["prepaidUnits"] = new JsonObject { ["enabled"] = _directory.SkuUnits[sku.SkuId], ["suspended"] = 0, ["warning"] = 0, ["lockedOut"] = 0 },
                ["servicePlans"] = new JsonArray(),
            });
        }

        return GraphResult.Ok(new JsonObject { ["value"] = value });
    }

    /// <summary>POST /users/{id}/assignLicense {"addLicenses":[{"skuId","disabledPlans"}],"removeLicenses":[skuId]}: both required.</summary>
    public GraphResult AssignLicense(GraphCall call, string key)
    {
        if (_directory.FindUser(key) is not { } user)
        {
            return GraphResult.NotFound(key);
        }

        if (call.Body?["addLicenses"] is not JsonArray add || call.Body["removeLicenses"] is not JsonArray remove)
        {
            return GraphResult.BadRequest("Invalid value specified for property 'addLicenses' or 'removeLicenses' of resource 'AssignLicense': both are required, and may be empty.");
        }

        var adds = new Dictionary<Guid, List<Guid>>();
        foreach (var item in add)
        {
            if (item?["skuId"] is not JsonValue v || v.GetValueKind() != JsonValueKind.String || !Guid.TryParse(v.GetValue<string>(), out var skuId))
            {
                return GraphResult.BadRequest("Invalid value specified for property 'skuId' of resource 'AssignedLicense'.");
            }

            var disabled = (item["disabledPlans"] as JsonArray ?? []).Select(p => Guid.TryParse(p?.GetValue<string>(), out var g) ? g : Guid.Empty).ToList();
            adds[skuId] = disabled;
        }

        var removes = remove.Select(r => Guid.TryParse(r?.GetValue<string>(), out var g) ? g : Guid.Empty).ToList();
        if (adds.Count > 0 && user.UsageLocation is null)
        {
            return GraphResult.BadRequest("License assignment cannot be done for user with invalid usage location.");
        }

        foreach (var skuId in adds.Keys.Concat(removes))
        {
            if (!_directory.SkuUnits.ContainsKey(skuId))
            {
                return GraphResult.BadRequest($"License {skuId} does not correspond to a valid company License.");
            }
        }

        foreach (var skuId in removes.Where(s => !user.Licenses.ContainsKey(s)))
        {
            return GraphResult.BadRequest($"User does not have a corresponding license {skuId}.");
        }

        foreach (var skuId in adds.Keys.Where(s => !user.Licenses.ContainsKey(s) && !removes.Contains(s)))
        {
            if (_directory.Consumed[skuId] >= _directory.SkuUnits[skuId])
            {
                return GraphResult.BadRequest($"Subscription with SKU {skuId} does not have any available licenses.");
            }
        }

        foreach (var skuId in removes)
        {
            user.Licenses.Remove(skuId);
            _directory.Consumed[skuId]--;
        }

        foreach (var (skuId, disabled) in adds)
        {
            if (!user.Licenses.ContainsKey(skuId))
            {
                _directory.Consumed[skuId]++;
            }

            user.Licenses[skuId] = disabled;
        }

        user.Sequence = _directory.NextSequence();
        return GraphResult.Ok(UserProperties.ToJson(user, null));
    }
}
