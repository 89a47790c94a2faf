using IdpFederation.Core.Configuration;
using IdpFederation.Core.Provisioning.Mapping;

namespace IdpFederation.Core.Provisioning.Planning;

/// <summary>Take-over, licences and deprovisioning.</summary>
internal sealed partial class PlanningSession
{
    /// <summary>A provisioned user that was deleted here, disabled, or left every provisioning role (or the tenant's domains).</summary>
    public void PlanDeprovisioning(ProvisionedUser entry, DeprovisioningEvent trigger)
    {
        var action = trigger switch
        {
            DeprovisioningEvent.UserDisabled => _tenant.Deprovisioning.UserDisabled,
            DeprovisioningEvent.UserDeleted => _tenant.Deprovisioning.UserDeleted,
            _ => _tenant.Deprovisioning.RemovedFromRole,
        };
        var cloud = _cloudById.GetValueOrDefault(entry.CloudId) ?? _cloudByImmutableId.GetValueOrDefault(entry.ImmutableId);
        if (action == DeprovisioningAction.LeaveUnmodified || cloud is null)
        {
            // Nothing to do, or already gone from Microsoft 365.
            return;
        }

        if (cloud.OnPremisesSyncEnabled == true)
        {
            _conflicts.Add(new PlanConflict(cloud.UserPrincipalName, entry.ImmutableId, Synced));
            return;
        }

        switch (action)
        {
            case DeprovisioningAction.BlockSignIn when cloud.AccountEnabled != false:
            case DeprovisioningAction.Delete:
                Deprovision(cloud, cloud.UserPrincipalName, entry.ImmutableId, trigger, action);
                break;
            case DeprovisioningAction.RemoveLicenses:
                RemoveOurLicenses(cloud, cloud.UserPrincipalName, entry.ImmutableId, entry.AssignedSkuIds);
                break;
        }
    }

    /// <summary>
    /// A cloud user with our UPN but another or no ImmutableID. Taking it over hands its sign-in to us, so it needs
    /// OverwriteSameUpn; on a federated domain the ID can only change while the UPN is parked on the initial
    /// (onmicrosoft.com) domain (entra-federation.md §6.1).
    /// </summary>
    private void PlanTakeOver(MappedUser user, IReadOnlyList<ProvisioningRoleOptions> roles, CloudUser cloud)
    {
        if (cloud.OnPremisesSyncEnabled == true)
        {
            Conflict(user, Synced);
            return;
        }

        var found = $"a Microsoft 365 user with this UPN has {Describe(cloud.OnPremisesImmutableId)}, not '{user.ImmutableId}'";
        if (!_tenant.OverwriteSameUpn)
        {
            Conflict(user, found + "; left alone (turn on OverwriteSameUpn to take it over, which hands its sign-in to us)");
            return;
        }

        if (!user.Source.Enabled)
        {
            Conflict(user, found + "; not taken over while the user is disabled here");
            return;
        }

        if (AddTakeOver(user, cloud, found))
        {
            // Not in the ledger: every licence it already has was given by someone else, so none is removed.
            AddUpdate(user, cloud, AttributeDiff.Changes(_mapping, user, cloud, OwnedAttributes.OnPremisesImmutableId));
            PlanLicenses(user, roles, cloud.Id, cloud.AssignedSkuIds, [], cloud.UsageLocation);
        }
    }

    /// <summary>
    /// A user we provisioned (the ledger names its object id) whose ImmutableID someone changed in Microsoft 365:
    /// a full sync repairs that drift by setting ours back, which needs no OverwriteSameUpn since the user is ours.
    /// </summary>
    private void PlanRepair(MappedUser user, IReadOnlyList<ProvisioningRoleOptions> roles, ProvisionedUser ledger, CloudUser cloud)
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

        if (!user.Source.Enabled && _tenant.Deprovisioning.UserDisabled == DeprovisioningAction.Delete)
        {
            PlanOwned(user, roles, ledger, cloud);
            return;
        }

        var found = $"the Microsoft 365 user we provisioned ({cloud.Id}) now has {Describe(cloud.OnPremisesImmutableId)}";
        if (AddTakeOver(user, cloud, found))
        {
            PlanOwned(user, roles, ledger, cloud, OwnedAttributes.OnPremisesImmutableId);
        }
    }

    private bool AddTakeOver(MappedUser user, CloudUser cloud, string found)
    {
        string? temporary = null;
        if (CloudIdentity.IsFederated(CloudIdentity.DomainOf(cloud.UserPrincipalName), _federatedDomains))
        {
            if (string.IsNullOrWhiteSpace(_tenant.InitialDomain))
            {
                Conflict(user, found + "; its domain is federated, so setting our ImmutableID needs InitialDomain (the tenant's onmicrosoft.com domain)");
                return false;
            }

            temporary = CloudIdentity.LocalPartOf(cloud.UserPrincipalName) + "@" + _tenant.InitialDomain.Trim();
            if (_cloudByUpn.TryGetValue(temporary, out var parked))
            {
                Conflict(user, found + $"; the temporary UPN {temporary} is taken by another user ({parked.Id})");
                return false;
            }
        }

        _operations.Add(new TakeOverUser
        {
            UserPrincipalName = user.UserPrincipalName,
            ImmutableId = user.ImmutableId,
            CloudId = cloud.Id,
            PreviousImmutableId = cloud.OnPremisesImmutableId,
            TemporaryUserPrincipalName = temporary,
        });
        return true;
    }

    /// <summary>
    /// Adds the mapped SKUs the user lacks and removes the ones we assigned (ledger) that no longer map. Licences
    /// assigned by anyone else are never touched. Adds are all or nothing, and withheld (with a conflict) when a SKU
    /// is unknown, its units are used up, or no usageLocation is set (Graph refuses the licence, §6.1).
    /// </summary>
    private void PlanLicenses(MappedUser user, IReadOnlyList<ProvisioningRoleOptions> roles, string? cloudId,
        IReadOnlyList<Guid> assigned, IReadOnlyList<Guid> ours, string? cloudUsageLocation)
    {
        var (desired, problem) = _licenses.Desired(roles);
        var remove = ours.Where(s => assigned.Contains(s) && !desired.Contains(s)).Distinct().ToList();
        var add = desired.Where(s => !assigned.Contains(s)).ToList();
        if (problem is not null)
        {
            Conflict(user, problem + "; no licence was added");
            add = [];
        }
        else if (add.Count > 0 && (user[OwnedAttributes.UsageLocation] ?? cloudUsageLocation) is null)
        {
            Conflict(user, "no usageLocation is set, and Graph assigns no licence without one (map usageLocation, e.g. \"AU\"); no licence was added");
            add = [];
        }
        else if (add.Count > 0 && _licenses.TryReserve(add) is { } exhausted)
        {
            Conflict(user, $"no free units of {_licenses.PartNumberOf(exhausted)}; no licence was added");
            add = [];
        }

        if (add.Count > 0 || remove.Count > 0)
        {
            _operations.Add(new ChangeLicenses { UserPrincipalName = user.UserPrincipalName, ImmutableId = user.ImmutableId, CloudId = cloudId, Add = add, Remove = remove });
        }
    }

    private void RemoveOurLicenses(CloudUser cloud, string upn, string immutableId, IReadOnlyList<Guid> ours)
    {
        var remove = ours.Where(cloud.AssignedSkuIds.Contains).Distinct().ToList();
        if (remove.Count > 0)
        {
            _deprovisioned.Add(cloud.Id);
            _operations.Add(new ChangeLicenses
            {
                UserPrincipalName = upn,
                ImmutableId = immutableId,
                CloudId = cloud.Id,
                Remove = remove,
                Deprovisioning = true,
            });
        }
    }

    private void Deprovision(CloudUser cloud, string upn, string immutableId, DeprovisioningEvent trigger, DeprovisioningAction action)
    {
        _deprovisioned.Add(cloud.Id);
        _operations.Add(new DeprovisionUser { UserPrincipalName = upn, ImmutableId = immutableId, CloudId = cloud.Id, Event = trigger, Action = action });
    }
}
