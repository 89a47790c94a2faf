using IdpFederation.Core.Configuration;
using IdpFederation.Core.Provisioning.Mapping;

namespace IdpFederation.Core.Provisioning.Planning;

/// <summary>
/// The rules for one user at a time, over indexes of the tenant's cloud users built once per plan. Collects the
/// operations, the conflicts, and which users a deprovisioning rule touches (for the mass-deprovisioning guard).
/// </summary>
internal sealed partial class PlanningSession
{
    private readonly ProvisioningTenantOptions _tenant;
    private readonly AttributeMapping _mapping;
    private readonly IReadOnlySet<string> _federatedDomains;
    private readonly LicensePlanner _licenses;
    private readonly Dictionary<string, CloudUser> _cloudById = new(StringComparer.Ordinal);

    // Entra matches onPremisesImmutableId case-sensitively, UPNs without case (entra-federation.md §6.1, §9 item 5).
    private readonly Dictionary<string, CloudUser> _cloudByImmutableId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CloudUser> _cloudByUpn = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<PlanOperation> _operations = [];
    private readonly List<PlanConflict> _conflicts = [];
    private readonly HashSet<string> _deprovisioned = new(StringComparer.Ordinal);

    public PlanningSession(ProvisioningTenantOptions tenant, AttributeMapping mapping, IReadOnlyList<CloudUser> cloud,
        IReadOnlyList<CloudSku> skus, IReadOnlySet<string> federatedDomains)
    {
        _tenant = tenant;
        _mapping = mapping;
        _federatedDomains = federatedDomains;
        _licenses = new LicensePlanner(tenant, skus);
        foreach (var user in cloud)
        {
            _cloudById.TryAdd(user.Id, user);
            _cloudByUpn.TryAdd(user.UserPrincipalName, user);
            if (!string.IsNullOrEmpty(user.OnPremisesImmutableId))
            {
                _cloudByImmutableId.TryAdd(user.OnPremisesImmutableId, user);
            }
        }
    }

    /// <summary>The plan, users in UPN order (each user's operations in the order they must run), conflicts likewise.</summary>
    public ProvisioningPlan Build(int provisioned)
    {
        var guard = new MassDeprovisioningGuard(_deprovisioned.Count, provisioned, _tenant.Deprovisioning.MaxDeprovisionPercent);
        return new ProvisioningPlan
        {
            Tenant = _tenant.Name,

            // OrderBy is stable, so one user's operations keep their order.
            Operations = [.. _operations.OrderBy(o => o.UserPrincipalName, StringComparer.OrdinalIgnoreCase).ThenBy(o => o.UserPrincipalName, StringComparer.Ordinal)],
            Conflicts = [.. _conflicts.OrderBy(c => c.UserPrincipalName, StringComparer.OrdinalIgnoreCase).ThenBy(c => c.UserPrincipalName, StringComparer.Ordinal)
                .ThenBy(c => c.Reason, StringComparer.Ordinal)],
            Guard = guard.Exceeded ? guard : null,
        };
    }

    public void Conflict(MappedUser user, string reason) => _conflicts.Add(new PlanConflict(user.UserPrincipalName, user.ImmutableId, reason));

    /// <summary>A member of a provisioning role, on one of the tenant's domains.</summary>
    public void PlanMember(MappedUser user, IReadOnlyList<ProvisioningRoleOptions> roles, ProvisionedUser? ledger)
    {
        if ((CloudIdentity.ImmutableIdProblem(user.ImmutableId) ?? CloudIdentity.UpnProblem(user.UserPrincipalName)) is { } problem)
        {
            Conflict(user, problem);
        }
        else if (_cloudByImmutableId.TryGetValue(user.ImmutableId, out var matched))
        {
            PlanMatched(user, roles, ledger, matched);
        }
        else if (ledger is not null && _cloudById.TryGetValue(ledger.CloudId, out var ours))
        {
            PlanRepair(user, roles, ledger, ours);
        }
        else if (_cloudByUpn.TryGetValue(user.UserPrincipalName, out var sameUpn))
        {
            PlanTakeOver(user, roles, sameUpn);
        }
        else
        {
            PlanCreate(user, roles);
        }
    }

    private void PlanMatched(MappedUser user, IReadOnlyList<ProvisioningRoleOptions> roles, ProvisionedUser? ledger, CloudUser cloud)
    {
        if (cloud.OnPremisesSyncEnabled == true)
        {
            Conflict(user, Synced);
            return;
        }

        if (!UpnIsFree(user, cloud))
        {
            return;
        }

        PlanOwned(user, roles, ledger, cloud);
    }

    /// <summary>A cloud user that is ours (matched, taken over or repaired): owned attributes, licences, the UserDisabled rule.</summary>
    private void PlanOwned(MappedUser user, IReadOnlyList<ProvisioningRoleOptions> roles, ProvisionedUser? ledger, CloudUser cloud, string? skip = null)
    {
        // A user disabled here follows the UserDisabled rule alone: the attribute sync never writes accountEnabled=false
        // behind its back, so "leave unmodified" really leaves sign-in as it is (docs/provisioning-planning.md).
        var rule = user.Source.Enabled ? (DeprovisioningAction?)null : _tenant.Deprovisioning.UserDisabled;
        if (rule == DeprovisioningAction.Delete)
        {
            Deprovision(cloud, user.UserPrincipalName, user.ImmutableId, DeprovisioningEvent.UserDisabled, DeprovisioningAction.Delete);
            return;
        }

        string[] skipped = [.. new[] { skip, rule is null ? null : OwnedAttributes.AccountEnabled }.OfType<string>()];
        var changes = AttributeDiff.Changes(_mapping, user, cloud, skipped);
        AddUpdate(user, cloud, changes);
        switch (rule)
        {
            case null:
                PlanLicenses(user, roles, cloud.Id, cloud.AssignedSkuIds, ledger?.AssignedSkuIds ?? [], cloud.UsageLocation);
                break;
            case DeprovisioningAction.BlockSignIn when cloud.AccountEnabled != false:
                Deprovision(cloud, user.UserPrincipalName, user.ImmutableId, DeprovisioningEvent.UserDisabled, DeprovisioningAction.BlockSignIn);
                break;
            case DeprovisioningAction.RemoveLicenses:
                RemoveOurLicenses(cloud, user.UserPrincipalName, user.ImmutableId, ledger?.AssignedSkuIds ?? []);
                break;
        }
    }

    private void PlanCreate(MappedUser user, IReadOnlyList<ProvisioningRoleOptions> roles)
    {
        var rule = user.Source.Enabled ? (DeprovisioningAction?)null : _tenant.Deprovisioning.UserDisabled;
        if (rule == DeprovisioningAction.Delete)
        {
            // Created only to be deleted by the same rule: nothing to do.
            return;
        }

        if (user[OwnedAttributes.DisplayName] is null)
        {
            Conflict(user, "the displayName mapping yields an empty value, and Graph requires one to create a user");
            return;
        }

        if (user[OwnedAttributes.MailNickname] is null)
        {
            Conflict(user, "the mailNickname mapping yields nothing once the characters Graph refuses are removed; map mailNickname to a value of A-Z, 0-9 and . - _");
            return;
        }

        var attributes = _mapping.Attributes.Where(a => user[a] is not null).ToDictionary(a => a, a => user[a], StringComparer.Ordinal);
        _operations.Add(new CreateUser { UserPrincipalName = user.UserPrincipalName, ImmutableId = user.ImmutableId, Attributes = attributes });
        if (rule is null or DeprovisioningAction.LeaveUnmodified or DeprovisioningAction.BlockSignIn)
        {
            PlanLicenses(user, roles, null, [], [], null);
        }
    }

    private bool UpnIsFree(MappedUser user, CloudUser cloud)
    {
        if (_cloudByUpn.TryGetValue(user.UserPrincipalName, out var holder) && holder.Id != cloud.Id)
        {
            Conflict(user, $"userPrincipalName {user.UserPrincipalName} belongs to another Microsoft 365 user ({holder.Id}, {Describe(holder.OnPremisesImmutableId)}); " +
                "our user cannot be renamed to it");
            return false;
        }

        return true;
    }

    private void AddUpdate(MappedUser user, CloudUser cloud, List<AttributeChange> changes)
    {
        if (changes.Count > 0)
        {
            _operations.Add(new UpdateUser { UserPrincipalName = user.UserPrincipalName, ImmutableId = user.ImmutableId, CloudId = cloud.Id, Changes = changes });
        }
    }

    private const string Synced = "Entra Connect synchronises this user (onPremisesSyncEnabled is true), so its attributes are read-only in Graph; " +
        "turn directory synchronisation off for the tenant (Update-MgOrganization -BodyParameter @{onPremisesSyncEnabled=$false}) before provisioning it";

    private static string Describe(string? immutableId) => immutableId is null ? "no ImmutableID" : $"ImmutableID '{immutableId}'";
}
