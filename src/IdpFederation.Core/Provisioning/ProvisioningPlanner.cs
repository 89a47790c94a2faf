using IdpFederation.Core.Configuration;
using IdpFederation.Core.Provisioning.Mapping;
using IdpFederation.Core.Provisioning.Planning;

namespace IdpFederation.Core.Provisioning;

/// <summary>
/// Computes what a sync would do to one tenant, from snapshots only: no I/O, so `provision run --dry-run`, a real
/// run and live mode share one set of rules, and the same inputs always give the same plan (users in UPN order).
/// </summary>
/// <remarks>
/// Scope: directory users whose UPN domain is one of the tenant's Domains and who are in at least one of its roles
/// (names without case). Matching: onPremisesImmutableId (case-sensitive, as Entra matches), else the object id the
/// ledger recorded (drift repair), else UPN (without case). Rules in docs/provisioning-planning.md. A provisioned user (ledger) that is deleted here, disabled, or out of scope gets the configured
/// deprovisioning action; precedence when several apply: deleted, then disabled, then removed from role.
/// </remarks>
public static class ProvisioningPlanner
{
    /// <summary>The whole tenant: every directory user, every cloud user Graph listed, every ledger entry.</summary>
    /// <exception cref="ArgumentException">The tenant's attribute mapping is invalid (start-up validation refuses it first).</exception>
    public static ProvisioningPlan Plan(ProvisioningTenantOptions tenant, IReadOnlyList<SourceUser> directory, IReadOnlyList<CloudUser> cloud,
        IReadOnlyList<ProvisionedUser> ledger, IReadOnlyList<CloudSku> skus, IReadOnlySet<string> federatedDomains)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(cloud);
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(skus);
        ArgumentNullException.ThrowIfNull(federatedDomains);

        var mapping = AttributeMapping.Compile(tenant, $"Idp:Provisioning tenant '{tenant.Name}'");
        var session = new PlanningSession(tenant, mapping, cloud, skus, federatedDomains);
        var ledgerById = new Dictionary<string, ProvisionedUser>(StringComparer.Ordinal);
        foreach (var entry in ledger)
        {
            ledgerById.TryAdd(entry.ImmutableId, entry);
        }

        var users = directory.Select(mapping.Map)
            .OrderBy(u => u.UserPrincipalName, StringComparer.OrdinalIgnoreCase).ThenBy(u => u.UserPrincipalName, StringComparer.Ordinal)
            .ThenBy(u => u.ImmutableId, StringComparer.Ordinal).ThenBy(u => u.Source.Id)
            .Select(u => (User: u, Roles: RolesOf(tenant, u.Source)))
            .ToList();

        // Members first, so that when a mapping gives two users the same ImmutableID or UPN, the member keeps it.
        var claimedIds = new Dictionary<string, MappedUser>(StringComparer.Ordinal);
        var claimedUpns = new Dictionary<string, MappedUser>(StringComparer.OrdinalIgnoreCase);
        foreach (var (user, roles) in users.Where(u => u.Roles.Count > 0))
        {
            if (user.ImmutableId.Length > 0 && !claimedIds.TryAdd(user.ImmutableId, user))
            {
                session.Conflict(user, $"onPremisesImmutableId '{user.ImmutableId}' is also mapped for {claimedIds[user.ImmutableId].Source.UserPrincipalName}; left alone");
                continue;
            }

            if (user.UserPrincipalName.Length > 0 && !claimedUpns.TryAdd(user.UserPrincipalName, user))
            {
                session.Conflict(user, $"userPrincipalName {user.UserPrincipalName} is also mapped for {claimedUpns[user.UserPrincipalName].Source.UserPrincipalName}; left alone");
                continue;
            }

            session.PlanMember(user, roles, ledgerById.GetValueOrDefault(user.ImmutableId));
        }

        foreach (var (user, _) in users.Where(u => u.Roles.Count == 0))
        {
            if (user.ImmutableId.Length > 0 && claimedIds.TryAdd(user.ImmutableId, user) && ledgerById.TryGetValue(user.ImmutableId, out var entry))
            {
                session.PlanDeprovisioning(entry, user.Source.Enabled ? DeprovisioningEvent.RemovedFromRole : DeprovisioningEvent.UserDisabled);
            }
        }

        foreach (var entry in ledgerById.Values.Where(e => !claimedIds.ContainsKey(e.ImmutableId)))
        {
            session.PlanDeprovisioning(entry, DeprovisioningEvent.UserDeleted);
        }

        return session.Build(ledger.Count);
    }

    /// <summary>
    /// One user, for live mode: the same rules as <see cref="Plan"/>. <paramref name="user"/> is null when the user
    /// was deleted here; <paramref name="matches"/> are the cloud users with its ImmutableID or UPN, and the one with the
    /// ledger entry's object id (<see cref="ProvisionedUser.CloudId"/>) when there is one. No guard is
    /// computed: one change cannot tell a mass deprovisioning from a single one, so the caller counts across changes.
    /// </summary>
    public static ProvisioningPlan PlanUser(ProvisioningTenantOptions tenant, SourceUser? user, IReadOnlyList<CloudUser> matches,
        ProvisionedUser? ledgerEntry, IReadOnlyList<CloudSku> skus, IReadOnlySet<string> federatedDomains) =>
        Plan(tenant, user is null ? [] : [user], matches, ledgerEntry is null ? [] : [ledgerEntry], skus, federatedDomains) with { Guard = null };

    /// <summary>
    /// The tenant's roles the user is a member of, in configuration order; empty when the user's UPN is not on one of
    /// the tenant's domains, since then the user belongs to no provisioning scope of this tenant.
    /// </summary>
    public static IReadOnlyList<ProvisioningRoleOptions> RolesOf(ProvisioningTenantOptions tenant, SourceUser user)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(user);
        var at = user.UserPrincipalName.LastIndexOf('@');
        var domain = at < 0 ? "" : user.UserPrincipalName[(at + 1)..];
        if (!tenant.Domains.Any(d => d.Equals(domain, StringComparison.OrdinalIgnoreCase)))
        {
            return [];
        }

        return [.. tenant.Roles.Where(r => user.Roles.Any(m => m.Equals(r.Role, StringComparison.OrdinalIgnoreCase)))];
    }
}
