using IdpFederation.Core.Configuration;
using IdpFederation.Core.Directory;
using IdpFederation.Core.Provisioning;
using IdpFederation.Infrastructure.Provisioning.Graph;
using Microsoft.Extensions.Logging;

namespace IdpFederation.Infrastructure.Provisioning;

/// <summary>
/// One full sync of one tenant: read both sides, plan, refuse a mass deprovisioning unless forced, apply, and record
/// every user's outcome. Nothing is carried over from an earlier run but the ledger, so a run that died half-way is
/// resumed by running again: the plan is recomputed from what Microsoft 365 now holds, and a user created before the
/// crash is found by its ImmutableID and updated, never created twice.
/// </summary>
public sealed partial class ProvisioningRunner(
    IUserDirectory directory,
    IProvisionedUserLedger ledger,
    IProvisioningRunStore runs,
    GraphClients clients,
    TimeProvider time,
    ILogger<ProvisioningRunner> logger)
{
    public const string DeltaLinkKey = "users-delta-link";

    public async Task<RunResult> RunAsync(ProvisioningTenantOptions tenant, RunTrigger trigger, bool dryRun, bool force,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        var runId = await runs.StartAsync(tenant.Name, trigger, dryRun, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        LogRunStarted(runId, tenant.Name, trigger, dryRun);
        using var graph = clients.Create(tenant, trigger == RunTrigger.Live ? GraphPriority.Normal : GraphPriority.Low);
        try
        {
            var (plan, deltaLink) = await PlanAsync(graph, cancellationToken).ConfigureAwait(false);
            await PlanApplication.RecordConflictsAsync(runs, runId, plan.Conflicts, cancellationToken).ConfigureAwait(false);

            if (plan.Guard is { Exceeded: true } guard && !force && !dryRun)
            {
                var refusal = $"Refused: the plan would disable, unlicense or delete {guard.Affected} of {guard.Provisioned} provisioned users, " +
                    $"more than the {guard.AllowedPercent}% allowed (Deprovisioning:MaxDeprovisionPercent). Check the roles and rules, then run with --force if it is meant.";
                await runs.FinishAsync(runId, RunStatus.Refused, time.GetUtcNow(), refusal, cancellationToken).ConfigureAwait(false);
                return new RunResult(runId, RunStatus.Refused, plan, [], refusal);
            }

            if (dryRun)
            {
                foreach (var operation in plan.Operations)
                {
                    await runs.RecordAsync(runId, RunItems.Planned(operation), cancellationToken).ConfigureAwait(false);
                }

                await ExportGroupsAsync(graph, runId, dryRun: true, cancellationToken).ConfigureAwait(false);

                await runs.FinishAsync(runId, RunStatus.Succeeded, time.GetUtcNow(), "Dry run: nothing was written.", cancellationToken).ConfigureAwait(false);
                return new RunResult(runId, RunStatus.Succeeded, plan, [], null);
            }

            var provisioned = await ledger.ListAsync(tenant.Name, cancellationToken).ConfigureAwait(false);
            var results = await PlanApplication.ApplyAsync(graph, runs, ledger, runId, plan.Operations, provisioned, time, cancellationToken).ConfigureAwait(false);
            await ledger.SetValueAsync(tenant.Name, DeltaLinkKey, deltaLink, cancellationToken).ConfigureAwait(false);
            var groupFailures = await ExportGroupsAsync(graph, runId, dryRun: false, cancellationToken).ConfigureAwait(false);
            await runs.AddThrottleWaitAsync(runId, graph.Traffic.ThrottleWait, cancellationToken).ConfigureAwait(false);
            var failures = results.Count(r => !r.Succeeded) + groupFailures;
            var status = failures == 0 ? RunStatus.Succeeded : RunStatus.CompletedWithErrors;
            var message = failures == 0 ? null : $"{failures} of {results.Count} operations failed; see the report.";
            await runs.FinishAsync(runId, status, time.GetUtcNow(), message, cancellationToken).ConfigureAwait(false);
            LogRunFinished(runId, tenant.Name, status, results.Count, failures);
            return new RunResult(runId, status, plan, results, message);
        }
        catch (Exception ex) when (GraphFailures.IsGraphFailure(ex) && !cancellationToken.IsCancellationRequested)
        {
            var message = $"Microsoft Graph failed: {GraphFailures.Describe(ex)}";
            await runs.AddThrottleWaitAsync(runId, graph.Traffic.ThrottleWait, CancellationToken.None).ConfigureAwait(false);
            await runs.FinishAsync(runId, RunStatus.Failed, time.GetUtcNow(), message, CancellationToken.None).ConfigureAwait(false);
            LogRunFailed(runId, tenant.Name, message);
            return new RunResult(runId, RunStatus.Failed, null, [], message);
        }
    }

    private async Task<(ProvisioningPlan Plan, string? DeltaLink)> PlanAsync(GraphTenantClient graph, CancellationToken cancellationToken)
    {
        var reader = new GraphTenantReader(graph);
        var (cloud, deltaLink) = await reader.ListUsersAsync(cancellationToken).ConfigureAwait(false);
        var skus = await reader.ListSkusAsync(cancellationToken).ConfigureAwait(false);
        var federated = await reader.ListFederatedDomainsAsync(cancellationToken).ConfigureAwait(false);
        var source = (await directory.ListAsync(cancellationToken).ConfigureAwait(false)).Select(SourceUsers.From).ToArray();
        var provisioned = await ledger.ListAsync(graph.Tenant.Name, cancellationToken).ConfigureAwait(false);
        await LedgerWriter.AdoptAsync(ledger, graph.Tenant, source, cloud, provisioned, cancellationToken).ConfigureAwait(false);
        provisioned = await ledger.ListAsync(graph.Tenant.Name, cancellationToken).ConfigureAwait(false);
        return (ProvisioningPlanner.Plan(graph.Tenant, source, cloud, provisioned, skus, federated), deltaLink);
    }

    /// <summary>Roles marked for export become security groups, after the users exist (members need their cloud ids).</summary>
    private async Task<int> ExportGroupsAsync(GraphTenantClient graph, long runId, bool dryRun, CancellationToken cancellationToken)
    {
        var items = await new Groups.GroupExporter(graph, directory, ledger).ExportAsync(dryRun, cancellationToken).ConfigureAwait(false);
        foreach (var item in items)
        {
            await runs.RecordAsync(runId, item, cancellationToken).ConfigureAwait(false);
        }

        return items.Count(i => i.Outcome == "failed");
    }

    [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "Provisioning run {RunId} for tenant {Tenant} started ({Trigger}, dry run {DryRun})")]
    private partial void LogRunStarted(long runId, string tenant, RunTrigger trigger, bool dryRun);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Information, Message = "Provisioning run {RunId} for tenant {Tenant} ended {Status}: {Operations} operations, {Failures} failed")]
    private partial void LogRunFinished(long runId, string tenant, RunStatus status, int operations, int failures);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Warning, Message = "Provisioning run {RunId} for tenant {Tenant} failed: {Reason}")]
    private partial void LogRunFailed(long runId, string tenant, string reason);
}

/// <param name="Plan">Null when the run failed before a plan existed.</param>
public sealed record RunResult(long RunId, RunStatus Status, ProvisioningPlan? Plan, IReadOnlyList<OperationResult> Results, string? Message);
