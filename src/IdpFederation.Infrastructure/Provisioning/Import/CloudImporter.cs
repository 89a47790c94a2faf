using IdpFederation.Core.Configuration;
using IdpFederation.Core.Directory;
using IdpFederation.Core.Provisioning;
using IdpFederation.Infrastructure.Provisioning.Graph;

namespace IdpFederation.Infrastructure.Provisioning.Import;

/// <summary>
/// The one-time import from Microsoft 365 into our directory, for an organisation moving its users to us: every user on
/// the tenant's configured domains who is not in our directory yet, optionally with its security groups as roles.
/// Imported users have no password here, so they are marked as needing onboarding (`idpfed user onboarding-link`).
/// A user keeps the ImmutableID Microsoft 365 already has, since sign-ins are matched on it; a user without one gets a
/// new one, which is then set in Microsoft 365 the documented way (entra-federation.md §6.1).
/// </summary>
public sealed class CloudImporter(IUserDirectory directory, IProvisionedUserLedger ledger, IProvisioningRunStore runs, GraphClients clients, TimeProvider time)
{
    public async Task<RunResult> ImportAsync(ProvisioningTenantOptions tenant, bool groupsAsRoles, bool dryRun, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        var runId = await runs.StartAsync(tenant.Name, RunTrigger.Import, dryRun, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        using var graph = clients.Create(tenant, GraphPriority.Low);
        try
        {
            var reader = new GraphTenantReader(graph);
            var (cloud, _) = await reader.ListUsersAsync(cancellationToken).ConfigureAwait(false);
            var federated = await reader.ListFederatedDomainsAsync(cancellationToken).ConfigureAwait(false);
            var roles = groupsAsRoles ? await RolesByMemberAsync(graph, cancellationToken).ConfigureAwait(false) : [];
            var existing = (await directory.ListAsync(cancellationToken).ConfigureAwait(false)).Select(u => u.UserPrincipalName).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var takeOvers = new List<PlanOperation>();
            var failures = 0;
            foreach (var user in cloud.Where(u => InScope(tenant, u)).OrderBy(u => u.UserPrincipalName, StringComparer.OrdinalIgnoreCase))
            {
                if (existing.Contains(user.UserPrincipalName))
                {
                    await Record(runId, user.UserPrincipalName, user.OnPremisesImmutableId ?? "", "import", "skipped", "already in the directory", cancellationToken).ConfigureAwait(false);
                    continue;
                }

                var memberOf = roles.GetValueOrDefault(user.Id) ?? [];
                var keep = user.OnPremisesImmutableId is { } id && ImmutableId.Validate(id) is null ? id : null;
                if (dryRun)
                {
                    await Record(runId, user.UserPrincipalName, keep ?? "(new)", "import", "planned", Detail(memberOf, keep), cancellationToken).ConfigureAwait(false);
                    continue;
                }

                try
                {
                    var created = await directory.CreateAsync(new NewUser
                    {
                        UserPrincipalName = user.UserPrincipalName,
                        DisplayName = user.DisplayName,
                        ImmutableId = keep,
                        UsageLocation = user.UsageLocation,
                        Roles = memberOf,
                        NeedsOnboarding = true,
                    }, cancellationToken).ConfigureAwait(false);
                    await Record(runId, created.UserPrincipalName, created.ImmutableId, "import", "done", Detail(memberOf, keep), cancellationToken).ConfigureAwait(false);
                    await ledger.UpsertAsync(tenant.Name, new ProvisionedUser { ImmutableId = created.ImmutableId, CloudId = user.Id, UserPrincipalName = user.UserPrincipalName, AssignedSkuIds = [] }, cancellationToken).ConfigureAwait(false);
                    if (keep is null)
                    {
                        takeOvers.Add(new TakeOverUser
                        {
                            UserPrincipalName = user.UserPrincipalName,
                            ImmutableId = created.ImmutableId,
                            CloudId = user.Id,
                            PreviousImmutableId = user.OnPremisesImmutableId,
                            TemporaryUserPrincipalName = federated.Contains(Domain(user.UserPrincipalName)) && tenant.InitialDomain is { } initial
                                ? $"{user.UserPrincipalName[..user.UserPrincipalName.LastIndexOf('@')]}@{initial}" : null,
                        });
                    }
                }
                catch (DirectoryException ex)
                {
                    failures++;
                    await runs.RecordAsync(runId, new RunItem(user.UserPrincipalName, user.OnPremisesImmutableId ?? "", "import", "failed", null, ex.Error.ToString(), ex.Message), cancellationToken).ConfigureAwait(false);
                }
            }

            var results = await new GraphPlanExecutor(graph, time).ExecuteAsync(takeOvers,
                result => runs.RecordAsync(runId, RunItems.From(result), cancellationToken), cancellationToken).ConfigureAwait(false);
            failures += results.Count(r => !r.Succeeded);
            var status = failures == 0 ? RunStatus.Succeeded : RunStatus.CompletedWithErrors;
            await runs.AddThrottleWaitAsync(runId, graph.Traffic.ThrottleWait, cancellationToken).ConfigureAwait(false);
            await runs.FinishAsync(runId, status, time.GetUtcNow(), dryRun ? "Dry run: nothing was written." : null, cancellationToken).ConfigureAwait(false);
            return new RunResult(runId, status, null, results, null);
        }
        catch (Exception ex) when (GraphFailures.IsGraphFailure(ex) && !cancellationToken.IsCancellationRequested)
        {
            var message = $"Microsoft Graph failed: {GraphFailures.Describe(ex)}";
            await runs.FinishAsync(runId, RunStatus.Failed, time.GetUtcNow(), message, CancellationToken.None).ConfigureAwait(false);
            return new RunResult(runId, RunStatus.Failed, null, [], message);
        }
    }

    /// <summary>Cloud user id to the names of the security groups it is a direct member of.</summary>
    private static async Task<Dictionary<string, List<string>>> RolesByMemberAsync(GraphTenantClient graph, CancellationToken cancellationToken)
    {
        var reader = new GraphGroupReader(graph);
        var byMember = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var group in await reader.ListSecurityGroupsAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            foreach (var member in await reader.ListMemberIdsAsync(group.Id, cancellationToken).ConfigureAwait(false))
            {
                (byMember.TryGetValue(member, out var list) ? list : byMember[member] = []).Add(group.DisplayName);
            }
        }

        return byMember;
    }

    /// <summary>Users of the tenant's configured domains; guests (#EXT#) and onmicrosoft.com accounts stay cloud-only.</summary>
    private static bool InScope(ProvisioningTenantOptions tenant, CloudUser user) =>
        !user.UserPrincipalName.Contains("#EXT#", StringComparison.OrdinalIgnoreCase) &&
        tenant.Domains.Contains(Domain(user.UserPrincipalName), StringComparer.OrdinalIgnoreCase);

    private static string Domain(string upn) => upn[(upn.LastIndexOf('@') + 1)..];

    private static string Detail(List<string> roles, string? keptImmutableId) =>
        (keptImmutableId is null ? "new ImmutableID, set in Microsoft 365" : "keeps its ImmutableID") +
        (roles.Count == 0 ? "" : $"; roles: {string.Join(", ", roles)}");

    private Task Record(long runId, string upn, string immutableId, string action, string outcome, string? detail, CancellationToken cancellationToken) =>
        runs.RecordAsync(runId, new RunItem(upn, immutableId, action, outcome, detail, null, null), cancellationToken);
}
