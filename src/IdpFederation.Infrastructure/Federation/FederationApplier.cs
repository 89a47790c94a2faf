using System.Text.Json;
using IdpFederation.Core.Auditing;
using IdpFederation.Core.Federation;
using IdpFederation.Infrastructure.Provisioning;
using IdpFederation.Infrastructure.Provisioning.Verification;

namespace IdpFederation.Infrastructure.Federation;

/// <summary>
/// `federation apply` and `federation revert`: writes a domain's internalDomainFederation (§5.3), or makes it Managed,
/// and audits every change with who ran it and what changed. One result per domain, so several go in one command
/// and one failure does not stop the others.
/// </summary>
public sealed class FederationApplier(IAuditLog audit, TimeProvider time)
{
    /// <param name="blockers">The check's "not ready" lines; apply refuses when there are any unless forced.</param>
    public async Task<FederationChange> ApplyAsync(GraphFederationClient graph, string domain, DomainFederationSettings ours,
        IReadOnlyList<CheckResult> blockers, bool force, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(blockers);
        if (blockers.Count > 0 && !force)
        {
            return new FederationChange(domain, FederationOutcome.Refused,
                "refused: " + string.Join("; ", blockers.Select(b => $"{b.Check}: {b.Detail}")) + " (fix them, or pass --force)", []);
        }

        try
        {
            var current = await graph.GetFederationAsync(domain, cancellationToken).ConfigureAwait(false);
            FederationChange change;
            if (current is null)
            {
                await graph.CreateFederationAsync(domain, ours, cancellationToken).ConfigureAwait(false);
                change = new FederationChange(domain, FederationOutcome.Created, $"federated with issuer {ours.IssuerUri} ({ours.PreferredAuthenticationProtocol})",
                    FederationSettingsComparison.Compare(DomainFederationSettings.None, ours));
            }
            else
            {
                var differences = FederationSettingsComparison.Compare(current.Settings, ours);
                if (differences.Count == 0)
                {
                    return new FederationChange(domain, FederationOutcome.Unchanged, "unchanged: Entra already holds our settings", []);
                }

                await graph.UpdateFederationAsync(domain, current.Id, FederationSettingsMapping.Changes(ours, differences), cancellationToken).ConfigureAwait(false);
                change = new FederationChange(domain, FederationOutcome.Updated, "updated: " + string.Join("; ", differences.Select(Describe)), differences);
            }

            await AuditAsync(graph, change, actor, cancellationToken).ConfigureAwait(false);
            return change;
        }
        catch (Exception ex) when (GraphFailures.IsGraphFailure(ex) && !cancellationToken.IsCancellationRequested)
        {
            var failed = new FederationChange(domain, FederationOutcome.Failed, "failed: " + GraphFailures.Describe(ex), []);
            await AuditAsync(graph, failed, actor, cancellationToken).ConfigureAwait(false);
            return failed;
        }
    }

    /// <summary>Makes the domain Managed (§5.1): Entra drops our settings and users need cloud passwords.</summary>
    public async Task<FederationChange> RevertAsync(GraphFederationClient graph, string domain, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(graph);
        try
        {
            var entra = (await graph.ListDomainsAsync(cancellationToken).ConfigureAwait(false))
                .FirstOrDefault(d => string.Equals(d.Name, domain, StringComparison.OrdinalIgnoreCase));
            if (entra is null)
            {
                return new FederationChange(domain, FederationOutcome.Failed, $"failed: {domain} is not a domain of tenant {graph.Graph.Tenant.Name}", []);
            }

            if (!entra.IsFederated)
            {
                return new FederationChange(domain, FederationOutcome.Unchanged, "unchanged: already Managed", []);
            }

            var before = await graph.GetFederationAsync(domain, cancellationToken).ConfigureAwait(false);
            await graph.MakeManagedAsync(domain, cancellationToken).ConfigureAwait(false);
            var change = new FederationChange(domain, FederationOutcome.Reverted, "reverted: Managed; users now sign in with Microsoft cloud passwords",
                before is null ? [] : FederationSettingsComparison.Compare(before.Settings, DomainFederationSettings.None));
            await AuditAsync(graph, change, actor, cancellationToken).ConfigureAwait(false);
            return change;
        }
        catch (Exception ex) when (GraphFailures.IsGraphFailure(ex) && !cancellationToken.IsCancellationRequested)
        {
            var failed = new FederationChange(domain, FederationOutcome.Failed, "failed: " + GraphFailures.Describe(ex), []);
            await AuditAsync(graph, failed, actor, cancellationToken).ConfigureAwait(false);
            return failed;
        }
    }

    /// <summary>Audits a change outside the apply/revert flow (dirsync-off, a certificate push).</summary>
    public Task AuditAsync(string tenant, string action, string detail, string actor, bool succeeded, CancellationToken cancellationToken) =>
        audit.WriteAsync(new AuditEvent
        {
            Timestamp = time.GetUtcNow(),
            EventType = AuditEventTypes.Federation,
            Outcome = succeeded ? AuditOutcomes.Success : AuditOutcomes.Failure,
            Username = actor,
            Reason = action,
            Details = JsonSerializer.Serialize(new { tenant, detail }),
        }, cancellationToken);

    private Task AuditAsync(GraphFederationClient graph, FederationChange change, string actor, CancellationToken cancellationToken) =>
        audit.WriteAsync(new AuditEvent
        {
            Timestamp = time.GetUtcNow(),
            EventType = AuditEventTypes.Federation,
            Outcome = change.Outcome == FederationOutcome.Failed ? AuditOutcomes.Failure : AuditOutcomes.Success,
            // Who ran it; the domain and what changed are in the details, never a certificate's key (there is none here).
            Username = actor,
            Reason = change.Outcome.ToString().ToLowerInvariant(),
            Details = JsonSerializer.Serialize(new
            {
                tenant = graph.Graph.Tenant.Name,
                domain = change.Domain,
                detail = change.Detail,
                changes = change.Changes.Select(c => new { property = c.Property, from = c.Entra, to = c.Ours }),
            }),
        }, CancellationToken.None);

    private static string Describe(FederationSettingDifference d) => $"{d.Property} {d.Entra ?? "(none)"} -> {d.Ours ?? "(none)"}";
}

public enum FederationOutcome
{
    Created,
    Updated,
    Unchanged,
    Reverted,
    Refused,
    Failed,
}

/// <summary>One domain's result line, with the properties that changed (certificates by thumbprint).</summary>
public sealed record FederationChange(string Domain, FederationOutcome Outcome, string Detail, IReadOnlyList<FederationSettingDifference> Changes);
