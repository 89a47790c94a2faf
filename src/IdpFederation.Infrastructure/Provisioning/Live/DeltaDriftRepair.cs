using IdpFederation.Core.Configuration;
using IdpFederation.Core.Directory;
using IdpFederation.Core.Provisioning;
using IdpFederation.Infrastructure.Provisioning.Graph;

namespace IdpFederation.Infrastructure.Provisioning.Live;

/// <summary>
/// Incremental reads between full syncs: the delta query continues from the link the last round stored, so Graph
/// returns only the users changed (or deleted) in Microsoft 365 since, and only those of ours are planned again and
/// repaired. Drift made in the portal is put back within minutes, at the cost of one small read when nothing changed.
/// </summary>
public sealed class DeltaDriftRepair(
    IUserDirectory directory,
    IProvisionedUserLedger ledger,
    IProvisioningRunStore runs,
    GraphClients clients,
    TimeProvider time)
{
    /// <summary>Returns how many of our users Microsoft 365 changed since the last round; 0 before any full sync.</summary>
    public async Task<int> RunOnceAsync(ProvisioningTenantOptions tenant, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        var link = await ledger.GetValueAsync(tenant.Name, ProvisioningRunner.DeltaLinkKey, cancellationToken).ConfigureAwait(false);
        if (link is null)
        {
            return 0;
        }

        using var graph = clients.Create(tenant, GraphPriority.Low);
        var reader = new GraphTenantReader(graph);
        var (changedIds, next) = await reader.ListChangesAsync(link, cancellationToken).ConfigureAwait(false);
        var provisioned = await ledger.ListAsync(tenant.Name, cancellationToken).ConfigureAwait(false);
        var changed = changedIds.ToHashSet(StringComparer.Ordinal);
        var ours = provisioned.Where(p => changed.Contains(p.CloudId)).ToList();
        if (ours.Count > 0)
        {
            await RepairAsync(graph, reader, ours, provisioned, cancellationToken).ConfigureAwait(false);
        }

        // Stored only after the repair: a failure above reads the same changes again next time.
        await ledger.SetValueAsync(tenant.Name, ProvisioningRunner.DeltaLinkKey, next ?? link, cancellationToken).ConfigureAwait(false);
        return ours.Count;
    }

    private async Task RepairAsync(GraphTenantClient graph, GraphTenantReader reader, List<ProvisionedUser> ours,
        IReadOnlyList<ProvisionedUser> provisioned, CancellationToken cancellationToken)
    {
        var tenant = graph.Tenant;
        var skus = await reader.ListSkusAsync(cancellationToken).ConfigureAwait(false);
        var federated = await reader.ListFederatedDomainsAsync(cancellationToken).ConfigureAwait(false);
        var directoryUsers = (await directory.ListAsync(cancellationToken).ConfigureAwait(false))
            .ToDictionary(u => u.ImmutableId, SourceUsers.From, StringComparer.Ordinal);
        var operations = new List<PlanOperation>();
        var conflicts = new List<PlanConflict>();
        foreach (var entry in ours)
        {
            var source = directoryUsers.GetValueOrDefault(entry.ImmutableId);
            var candidates = await reader.FindUsersAsync(entry.ImmutableId, source?.UserPrincipalName ?? entry.UserPrincipalName, cancellationToken).ConfigureAwait(false);
            var plan = ProvisioningPlanner.PlanUser(tenant, source, candidates, entry, skus, federated);
            operations.AddRange(plan.Operations);
            conflicts.AddRange(plan.Conflicts);
        }

        var runId = await runs.StartAsync(tenant.Name, RunTrigger.Drift, dryRun: false, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        await PlanApplication.RecordConflictsAsync(runs, runId, conflicts, cancellationToken).ConfigureAwait(false);

        // Deprovisioning stays with full runs, where the mass-deprovisioning guard sees the whole plan.
        var repairs = operations.Where(o => o is not DeprovisionUser and not ChangeLicenses { Deprovisioning: true }).ToList();
        var results = await PlanApplication.ApplyAsync(graph, runs, ledger, runId, repairs, provisioned, time, cancellationToken).ConfigureAwait(false);
        var failed = results.Count(r => !r.Succeeded);
        await runs.AddThrottleWaitAsync(runId, graph.Traffic.ThrottleWait, cancellationToken).ConfigureAwait(false);
        await runs.FinishAsync(runId, failed == 0 ? RunStatus.Succeeded : RunStatus.CompletedWithErrors, time.GetUtcNow(),
            $"Drift in Microsoft 365 since the last round: {ours.Count} of our users changed there.", cancellationToken).ConfigureAwait(false);
    }
}
