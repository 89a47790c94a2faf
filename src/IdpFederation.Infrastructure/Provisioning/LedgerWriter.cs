using IdpFederation.Core.Configuration;
using IdpFederation.Core.Provisioning;
using IdpFederation.Infrastructure.Provisioning.Graph;

namespace IdpFederation.Infrastructure.Provisioning;

/// <summary>
/// Keeps the ledger of provisioned users in step with what was done: it is how a later run tells "deleted here" from
/// "never ours", and which licences are ours to remove.
/// </summary>
internal sealed class LedgerWriter(IProvisionedUserLedger ledger, string tenant, IReadOnlyList<ProvisionedUser> current)
{
    private readonly Dictionary<string, ProvisionedUser> _known = current.ToDictionary(p => p.ImmutableId, StringComparer.Ordinal);
    private readonly Lock _sync = new();

    public async Task ApplyAsync(OperationResult result, CancellationToken cancellationToken)
    {
        if (!result.Succeeded || result.CloudId is null)
        {
            return;
        }

        var operation = result.Operation;
        ProvisionedUser? known;
        lock (_sync)
        {
            known = _known.GetValueOrDefault(operation.ImmutableId);
        }

        switch (operation)
        {
            case DeprovisionUser { Action: DeprovisioningAction.Delete }:
                lock (_sync)
                {
                    _known.Remove(operation.ImmutableId);
                }

                await ledger.RemoveAsync(tenant, operation.ImmutableId, cancellationToken).ConfigureAwait(false);
                return;
            case ChangeLicenses licenses:
                var skus = (known?.AssignedSkuIds ?? []).Union(licenses.Add).Except(licenses.Remove).ToArray();
                await Upsert(operation, result.CloudId, skus, cancellationToken).ConfigureAwait(false);
                return;
            case CreateUser or TakeOverUser or UpdateUser:
                await Upsert(operation, result.CloudId, known?.AssignedSkuIds ?? [], cancellationToken).ConfigureAwait(false);
                return;
        }
    }

    /// <summary>
    /// In-scope directory users that Microsoft 365 already holds under their ImmutableID but the ledger does not know
    /// (a run that died after creating them, or a ledger from before this feature) become ours, so deprovisioning
    /// rules apply to them too. Their licences are not: only a licence we are seen to assign is ours to remove later.
    /// </summary>
    public static async Task AdoptAsync(IProvisionedUserLedger ledger, ProvisioningTenantOptions options, IReadOnlyList<SourceUser> source,
        IReadOnlyList<CloudUser> cloud, IReadOnlyList<ProvisionedUser> provisioned, CancellationToken cancellationToken)
    {
        var known = provisioned.Select(p => p.ImmutableId).ToHashSet(StringComparer.Ordinal);
        var byImmutableId = cloud.Where(c => c.OnPremisesImmutableId is not null)
            .GroupBy(c => c.OnPremisesImmutableId!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        foreach (var user in source)
        {
            if (known.Contains(user.ImmutableId) || !byImmutableId.TryGetValue(user.ImmutableId, out var match) ||
                ProvisioningPlanner.RolesOf(options, user).Count == 0)
            {
                continue;
            }

            await ledger.UpsertAsync(options.Name, new ProvisionedUser
            {
                ImmutableId = user.ImmutableId,
                CloudId = match.Id,
                UserPrincipalName = match.UserPrincipalName,
            }, cancellationToken).ConfigureAwait(false);
        }
    }

    private Task Upsert(PlanOperation operation, string cloudId, IReadOnlyList<Guid> skus, CancellationToken cancellationToken)
    {
        var entry = new ProvisionedUser
        {
            ImmutableId = operation.ImmutableId,
            CloudId = cloudId,
            UserPrincipalName = operation.UserPrincipalName,
            AssignedSkuIds = skus,
        };
        lock (_sync)
        {
            _known[entry.ImmutableId] = entry;
        }

        return ledger.UpsertAsync(tenant, entry, cancellationToken);
    }
}
