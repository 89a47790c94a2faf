using IdpFederation.Core.Provisioning;
using IdpFederation.Infrastructure.Provisioning.Graph;

namespace IdpFederation.Infrastructure.Provisioning;

/// <summary>
/// Applies plan operations for every kind of run (full, live, drift): through the batch executor, recording each
/// operation's outcome in the run and keeping the ledger in step as each one ends.
/// </summary>
internal static class PlanApplication
{
    public static async Task<IReadOnlyList<OperationResult>> ApplyAsync(GraphTenantClient graph, IProvisioningRunStore runs, IProvisionedUserLedger ledger,
        long runId, IReadOnlyList<PlanOperation> operations, IReadOnlyList<ProvisionedUser> provisioned, TimeProvider time, CancellationToken cancellationToken)
    {
        var writer = new LedgerWriter(ledger, graph.Tenant.Name, provisioned);
        return await new GraphPlanExecutor(graph, time).ExecuteAsync(operations, async result =>
        {
            await runs.RecordAsync(runId, RunItems.From(result), cancellationToken).ConfigureAwait(false);
            await writer.ApplyAsync(result, cancellationToken).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
    }

    public static async Task RecordConflictsAsync(IProvisioningRunStore runs, long runId, IEnumerable<PlanConflict> conflicts, CancellationToken cancellationToken)
    {
        foreach (var conflict in conflicts)
        {
            await runs.RecordAsync(runId, RunItems.Conflict(conflict), cancellationToken).ConfigureAwait(false);
        }
    }
}
