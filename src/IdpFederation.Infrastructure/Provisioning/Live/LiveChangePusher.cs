using System.Collections.Concurrent;
using IdpFederation.Core.Configuration;
using IdpFederation.Core.Directory;
using IdpFederation.Core.Provisioning;
using IdpFederation.Infrastructure.Provisioning.Graph;
using Microsoft.Extensions.Options;

namespace IdpFederation.Infrastructure.Provisioning.Live;

/// <summary>
/// Pushes one user's recorded changes: plans that user alone against what Microsoft 365 holds now, applies it, and
/// records it as a live run. Planning from the current state (not from the recorded change) makes a repeat harmless: a
/// change pushed twice, or after a crash, finds nothing left to do.
/// </summary>
public sealed class LiveChangePusher(
    IUserDirectory directory,
    IProvisionedUserLedger ledger,
    IProvisioningRunStore runs,
    GraphClients clients,
    IOptionsMonitor<IdpOptions> options,
    TimeProvider time)
{
    private readonly ConcurrentDictionary<ProvisioningTenantOptions, GraphTenantClient> _clients = new(ReferenceEqualityComparer.Instance);
    private readonly LiveDeprovisioningGuard _guard = new(time);

    public async Task<PushOutcome> PushAsync(IReadOnlyList<OutboxEntry> entries, CancellationToken cancellationToken)
    {
        var latest = entries[^1];
        var domain = latest.UserPrincipalName[(latest.UserPrincipalName.LastIndexOf('@') + 1)..];
        var tenant = options.CurrentValue.Provisioning.Tenants.FirstOrDefault(t => t.LiveMode && t.Domains.Contains(domain, StringComparer.OrdinalIgnoreCase));
        if (tenant is null)
        {
            // No live tenant holds this domain: nothing to push, and nothing for a later pass either.
            return new PushOutcome(true, null);
        }

        var graph = _clients.GetOrAdd(tenant, t => clients.Create(t, GraphPriority.Normal));
        try
        {
            var found = await directory.FindByUpnAsync(latest.UserPrincipalName, cancellationToken).ConfigureAwait(false);
            // A user deleted and re-created under the same UPN is another user (another ImmutableID).
            var source = found is not null && string.Equals(found.ImmutableId, latest.ImmutableId, StringComparison.Ordinal) ? SourceUsers.From(found) : null;
            var reader = new GraphTenantReader(graph);
            var candidates = await reader.FindUsersAsync(latest.ImmutableId, latest.UserPrincipalName, cancellationToken).ConfigureAwait(false);
            var skus = await reader.ListSkusAsync(cancellationToken).ConfigureAwait(false);
            var federated = await reader.ListFederatedDomainsAsync(cancellationToken).ConfigureAwait(false);
            var provisioned = await ledger.ListAsync(tenant.Name, cancellationToken).ConfigureAwait(false);
            var entry = provisioned.FirstOrDefault(p => string.Equals(p.ImmutableId, latest.ImmutableId, StringComparison.Ordinal));
            var plan = ProvisioningPlanner.PlanUser(tenant, source, candidates, entry, skus, federated);
            if (plan.Operations.Any(IsDeprovisioning) && !_guard.TryReserve(tenant, provisioned.Count))
            {
                return new PushOutcome(false, $"held by the mass-deprovisioning guard: more than {tenant.Deprovisioning.MaxDeprovisionPercent}% " +
                    "of provisioned users deprovisioned in the last hour; `idpfed provision run --force` applies the rest now");
            }

            return await ApplyAsync(graph, tenant, plan, provisioned, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (GraphFailures.IsGraphFailure(ex) && !cancellationToken.IsCancellationRequested)
        {
            return new PushOutcome(false, GraphFailures.Describe(ex));
        }
    }

    private async Task<PushOutcome> ApplyAsync(GraphTenantClient graph, ProvisioningTenantOptions tenant, ProvisioningPlan plan,
        IReadOnlyList<ProvisionedUser> provisioned, CancellationToken cancellationToken)
    {
        if (plan.Operations.Count == 0 && plan.Conflicts.Count == 0)
        {
            return new PushOutcome(true, null);
        }

        var runId = await runs.StartAsync(tenant.Name, RunTrigger.Live, dryRun: false, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        await PlanApplication.RecordConflictsAsync(runs, runId, plan.Conflicts, cancellationToken).ConfigureAwait(false);

        var results = await PlanApplication.ApplyAsync(graph, runs, ledger, runId, plan.Operations, provisioned, time, cancellationToken).ConfigureAwait(false);
        var transient = results.FirstOrDefault(r => r is { Succeeded: false, Transient: true });
        var failed = results.Count(r => !r.Succeeded);
        var status = failed == 0 ? RunStatus.Succeeded : RunStatus.CompletedWithErrors;
        await runs.FinishAsync(runId, status, time.GetUtcNow(), transient is null ? null : "Graph did not answer; the change stays queued.", cancellationToken).ConfigureAwait(false);
        // Graph refused something for good (a rule, a conflict): retrying will not help, the report says why, and the
        // next full sync tries again. Graph being down or throttled keeps the change queued.
        return transient is null ? new PushOutcome(true, null) : new PushOutcome(false, $"{transient.ErrorCode}: {transient.ErrorMessage}");
    }

    private static bool IsDeprovisioning(PlanOperation operation) =>
        operation is DeprovisionUser { Action: not DeprovisioningAction.LeaveUnmodified } or ChangeLicenses { Deprovisioning: true };
}

/// <param name="Delivered">True when the outbox entries can go: pushed, or nothing to push.</param>
public sealed record PushOutcome(bool Delivered, string? Failure);
