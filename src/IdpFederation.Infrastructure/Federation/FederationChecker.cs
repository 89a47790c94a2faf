using IdpFederation.Core.Configuration;
using IdpFederation.Core.Directory;
using IdpFederation.Core.Federation;
using IdpFederation.Core.Provisioning;
using IdpFederation.Infrastructure.Provisioning;
using IdpFederation.Infrastructure.Provisioning.Graph;
using IdpFederation.Infrastructure.Provisioning.Verification;

namespace IdpFederation.Infrastructure.Federation;

/// <summary>
/// `federation check`: whether a domain can be federated with us now, one line per check with the fix
/// (entra-federation.md §5.4, §6.6). Blockers are "not ready"; settings that would make users do MFA twice are
/// warnings, as the seeds advise turning them off but nothing breaks if they stay.
/// </summary>
public sealed class FederationChecker(IUserDirectory directory, IProvisionedUserLedger ledger, FederationEndpointProbe probe, TimeProvider time)
{
    /// <summary>Per-user MFA states are read one user at a time (beta only); a sample keeps a large domain's check short.</summary>
    private const int PerUserMfaSample = 50;

    public async Task<TenantVerification> CheckAsync(GraphFederationClient graph, IdpOptions options, FederatedDomainOptions domain,
        DomainFederationSettings ours, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var checks = new List<CheckResult>();
        var domains = await graph.ListDomainsAsync(cancellationToken).ConfigureAwait(false);
        var entra = domains.FirstOrDefault(d => string.Equals(d.Name, domain.Name, StringComparison.OrdinalIgnoreCase));
        if (entra is null)
        {
            checks.Add(CheckResult.NotReady("domain in tenant", $"{domain.Name} is not a domain of tenant {graph.Graph.Tenant.Name}: add it in the Microsoft 365 admin center (Settings > Domains) and verify it."));
            return new TenantVerification(domain.Name, checks);
        }

        checks.AddRange(DomainChecks.Of(entra, domains));
        checks.Add(await FederationStateAsync(graph, entra, ours, domains, cancellationToken).ConfigureAwait(false));
        checks.Add(await DirectorySyncAsync(graph, cancellationToken).ConfigureAwait(false));
        var members = await RoleMembersOnDomainAsync(graph.Graph.Tenant, domain.Name, cancellationToken).ConfigureAwait(false);
        var cloud = (await new GraphTenantReader(graph.Graph).ListUsersAsync(cancellationToken).ConfigureAwait(false)).Users;
        checks.Add(UserChecks.ImmutableIds(domain.Name, members, cloud));
        checks.Add(UserChecks.CloudAdministrator(await graph.GlobalAdministratorsAsync(cancellationToken).ConfigureAwait(false), domains, domain.Name));
        checks.AddRange(await MfaWarningsAsync(graph, domain.Name, members, cloud, cancellationToken).ConfigureAwait(false));
        checks.AddRange(await probe.ProbeAsync(options, cancellationToken).ConfigureAwait(false));
        return new TenantVerification(domain.Name, checks);
    }

    private static async Task<CheckResult> FederationStateAsync(GraphFederationClient graph, EntraDomain entra, DomainFederationSettings ours,
        IReadOnlyList<EntraDomain> domains, CancellationToken cancellationToken)
    {
        const string check = "authentication type";
        // Entra requires one issuer per domain (§1.8, §5.4): another federated domain holding ours would refuse apply.
        foreach (var other in domains.Where(d => d.IsFederated && !string.Equals(d.Name, entra.Name, StringComparison.OrdinalIgnoreCase)))
        {
            var federation = await graph.GetFederationAsync(other.Name, cancellationToken).ConfigureAwait(false);
            if (federation is not null && string.Equals(federation.Settings.IssuerUri, ours.IssuerUri, StringComparison.Ordinal))
            {
                return CheckResult.NotReady(check, $"{other.Name} already uses issuer {ours.IssuerUri}; Entra needs one issuer per domain. Set Idp:Domains IssuerUri for {entra.Name} (or for {other.Name}).");
            }
        }

        if (!entra.IsFederated)
        {
            return CheckResult.Ready(check, $"Managed; `federation apply --domain {entra.Name}` federates it with us.");
        }

        var current = await graph.GetFederationAsync(entra.Name, cancellationToken).ConfigureAwait(false);
        if (current is null)
        {
            return CheckResult.Warning(check, "Federated, but Entra returned no federation configuration; apply creates ours.");
        }

        var differences = FederationSettingsComparison.Compare(current.Settings, ours);
        if (differences.Count == 0)
        {
            return CheckResult.Ready(check, "Federated with us; every setting matches.");
        }

        var another = !string.Equals(current.Settings.PassiveSignInUri, ours.PassiveSignInUri, StringComparison.OrdinalIgnoreCase);
        return CheckResult.Warning(check, (another ? $"Federated with another IdP ({current.Settings.PassiveSignInUri}); apply replaces its settings: " : "Federated with us; apply updates: ") +
            string.Join("; ", differences.Select(d => $"{d.Property} {d.Entra ?? "(none)"} -> {d.Ours ?? "(none)"}")));
    }

    private async Task<CheckResult> DirectorySyncAsync(GraphFederationClient graph, CancellationToken cancellationToken)
    {
        const string check = "directory sync";
        var organization = await graph.GetOrganizationAsync(cancellationToken).ConfigureAwait(false);
        var requested = await DirectorySyncSwitch.RequestedAtAsync(ledger, graph.Graph.Tenant.Name, cancellationToken).ConfigureAwait(false);
        if (organization.OnPremisesSyncEnabled != true)
        {
            return CheckResult.Ready(check, requested is null ? "Off." : $"Off (switched off on request of {requested:u}).");
        }

        if (requested is { } at)
        {
            var elapsed = time.GetUtcNow() - at;
            return CheckResult.NotReady(check, $"Switching off since {at:u} ({elapsed.TotalHours:0} h ago); Entra takes up to 72 hours and it cannot be cancelled. Run check again later.");
        }

        return CheckResult.NotReady(check, "On: Entra Connect masters these users and would overwrite what we set. Run `idpfed federation dirsync-off` (takes up to 72 hours, cannot be cancelled).");
    }

    private async Task<IReadOnlyList<SourceUser>> RoleMembersOnDomainAsync(ProvisioningTenantOptions tenant, string domain, CancellationToken cancellationToken)
    {
        var users = await directory.ListAsync(cancellationToken).ConfigureAwait(false);
        return users.Select(SourceUsers.From)
            .Where(u => u.Enabled && UserChecks.OnDomain(u.UserPrincipalName, domain) && ProvisioningPlanner.RolesOf(tenant, u).Count > 0)
            .ToArray();
    }

    private static async Task<IReadOnlyList<CheckResult>> MfaWarningsAsync(GraphFederationClient graph, string domain, IReadOnlyList<SourceUser> members,
        IReadOnlyList<CloudUser> cloud, CancellationToken cancellationToken)
    {
        var warnings = new List<CheckResult>();
        var defaults = await graph.SecurityDefaultsEnabledAsync(cancellationToken).ConfigureAwait(false);
        warnings.Add(defaults == true
            ? CheckResult.Warning("security defaults", "On: Entra asks for its own MFA on top of ours. Turn them off (Entra admin center > Properties > Manage security defaults) and rely on our MFA with federatedIdpMfaBehavior.")
            : CheckResult.Ready("security defaults", "Off."));

        var ours = members.Select(m => m.ImmutableId).ToHashSet(StringComparer.Ordinal);
        var sample = cloud.Where(c => c.OnPremisesImmutableId is { } id && ours.Contains(id)).Take(PerUserMfaSample).ToArray();
        var perUser = new List<string>();
        foreach (var user in sample)
        {
            var state = await graph.PerUserMfaStateAsync(user.Id, cancellationToken).ConfigureAwait(false);
            if (state is "enabled" or "enforced")
            {
                perUser.Add($"{user.UserPrincipalName} ({state})");
            }
        }

        warnings.Add(perUser.Count > 0
            ? CheckResult.Warning("per-user MFA", $"{perUser.Count} of {sample.Length} users checked have legacy per-user MFA on, so they would do MFA twice: {UserChecks.List(perUser)}. Set them to disabled (Entra admin center > Per-user MFA).")
            : CheckResult.Ready("per-user MFA", sample.Length == 0 ? "No provisioned user to check yet." : $"Disabled for the {sample.Length} users checked."));

        var sspr = await graph.SsprRegisteredUsersAsync(domain, cancellationToken).ConfigureAwait(false);
        warnings.Add(sspr.Count > 0
            ? CheckResult.Warning("password reset registration", $"{sspr.Count} users on {domain} are registered for Microsoft's self-service password reset, which does not apply once passwords are ours: {UserChecks.List(sspr)}. Turn off SSPR registration for them (Entra admin center > Password reset).")
            : CheckResult.Ready("password reset registration", $"No user on {domain} is registered for Microsoft's self-service password reset."));
        return warnings;
    }
}
