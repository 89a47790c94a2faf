using IdpFederation.Core.Provisioning;
using static IdpFederation.Tests.Provisioning.Planning.PlannerScenario;

namespace IdpFederation.Tests.Provisioning.Planning;

/// <summary>Every deprovisioning event against every action, the guard, and the single-user (live) form.</summary>
[Trait("Kind", "Unit")]
public sealed class PlannerDeprovisioningTests
{
    private readonly PlannerScenario _s = new();

    public static TheoryData<DeprovisioningEvent, DeprovisioningAction> EveryEventAndAction()
    {
        var data = new TheoryData<DeprovisioningEvent, DeprovisioningAction>();
        foreach (var trigger in Enum.GetValues<DeprovisioningEvent>())
        {
            foreach (var action in Enum.GetValues<DeprovisioningAction>())
            {
                data.Add(trigger, action);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryEventAndAction))]
    public void Each_event_gets_its_configured_action(DeprovisioningEvent trigger, DeprovisioningAction action)
    {
        SetRule(trigger, action);
        var (_, cloud) = Arrange(trigger);
        _s.Cloud[0] = cloud with { AssignedSkuIds = [PlannerScenario.E3, Visio] };

        var plan = _s.Plan();

        Assert.Empty(plan.Conflicts);
        switch (action)
        {
            case DeprovisioningAction.LeaveUnmodified:
                Assert.Empty(plan.Operations);
                break;
            case DeprovisioningAction.RemoveLicenses:
                var licences = Assert.IsType<ChangeLicenses>(Assert.Single(plan.Operations));
                Assert.Equal((cloud.Id, true, 0), (licences.CloudId, licences.Deprovisioning, licences.Add.Count));
                Assert.Equal([PlannerScenario.E3], licences.Remove);
                break;
            default:
                var deprovision = Assert.IsType<DeprovisionUser>(Assert.Single(plan.Operations));
                Assert.Equal((trigger, action, cloud.Id, "ID1"), (deprovision.Event, deprovision.Action, deprovision.CloudId, deprovision.ImmutableId));
                break;
        }
    }

    [Theory]
    [InlineData(DeprovisioningEvent.UserDisabled)]
    [InlineData(DeprovisioningEvent.UserDeleted)]
    [InlineData(DeprovisioningEvent.RemovedFromRole)]
    public void Blocking_a_user_already_blocked_is_nothing_to_do(DeprovisioningEvent trigger)
    {
        SetRule(trigger, DeprovisioningAction.BlockSignIn);
        var (_, cloud) = Arrange(trigger);
        _s.Cloud[0] = cloud with { AccountEnabled = false };

        Assert.Empty(_s.Plan().Operations);
    }

    [Fact]
    public void With_leave_unmodified_the_attribute_sync_does_not_block_a_disabled_user_but_still_updates_the_rest()
    {
        var (source, cloud) = _s.AddProvisioned("alice@contoso.com", "ID1");
        _s.Directory[0] = source with { Enabled = false, DisplayName = "Alice New" };
        _s.Cloud[0] = cloud with { AssignedSkuIds = [] };

        var plan = _s.Plan();

        // No accountEnabled change, and no licence added to a disabled user.
        var update = Assert.IsType<UpdateUser>(Assert.Single(plan.Operations));
        Assert.Equal([new AttributeChange("displayName", "ALICE", "Alice New")], update.Changes);
    }

    [Theory]
    [InlineData(DeprovisioningAction.LeaveUnmodified, new[] { typeof(CreateUser), typeof(ChangeLicenses) })]
    [InlineData(DeprovisioningAction.BlockSignIn, new[] { typeof(CreateUser), typeof(ChangeLicenses) })]
    [InlineData(DeprovisioningAction.RemoveLicenses, new[] { typeof(CreateUser) })]
    [InlineData(DeprovisioningAction.Delete, new Type[0])]
    public void A_disabled_user_new_to_Microsoft_365_is_created_as_its_rule_would_leave_it(DeprovisioningAction action, Type[] expected)
    {
        _s.Tenant.Deprovisioning.UserDisabled = action;
        _s.Directory.Add(Source("new@contoso.com", "N1", "M365 Users") with { Enabled = false });

        var plan = _s.Plan();

        Assert.Equal(expected, plan.Operations.Select(o => o.GetType()));
        Assert.All(plan.Operations.OfType<CreateUser>(), c => Assert.Equal("false", c.Attributes["accountEnabled"]));
        Assert.Null(plan.Guard);
    }

    [Fact]
    public void Re_enabling_a_user_here_re_enables_it_in_Microsoft_365()
    {
        var (_, cloud) = _s.AddProvisioned("back@contoso.com", "B1");
        _s.Cloud[0] = cloud with { AccountEnabled = false };

        var update = Assert.IsType<UpdateUser>(Assert.Single(_s.Plan().Operations));

        Assert.Equal([new AttributeChange("accountEnabled", "false", "true")], update.Changes);
    }

    [Fact]
    public void A_synced_user_is_not_deprovisioned_but_reported()
    {
        _s.Tenant.Deprovisioning.UserDeleted = DeprovisioningAction.Delete;
        var (_, cloud) = _s.AddProvisioned("synced@contoso.com", "Y1");
        _s.Cloud[0] = cloud with { OnPremisesSyncEnabled = true };
        _s.Directory.Clear();

        var plan = _s.Plan();

        Assert.Empty(plan.Operations);
        Assert.StartsWith("Entra Connect synchronises this user", Assert.Single(plan.Conflicts).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Disabled_wins_over_removed_from_role()
    {
        _s.Tenant.Deprovisioning.UserDisabled = DeprovisioningAction.Delete;
        _s.Tenant.Deprovisioning.RemovedFromRole = DeprovisioningAction.BlockSignIn;
        var (source, _) = _s.AddProvisioned("bob@contoso.com", "ID2");
        _s.Directory[0] = source with { Enabled = false, Roles = [] };

        var deprovision = Assert.IsType<DeprovisionUser>(Assert.Single(_s.Plan().Operations));

        Assert.Equal((DeprovisioningEvent.UserDisabled, DeprovisioningAction.Delete), (deprovision.Event, deprovision.Action));
    }

    [Fact]
    public void A_user_that_leaves_the_tenants_domains_counts_as_removed_from_role()
    {
        _s.Tenant.Deprovisioning.RemovedFromRole = DeprovisioningAction.BlockSignIn;
        var (source, _) = _s.AddProvisioned("carol@contoso.com", "ID3");
        _s.Directory[0] = source with { UserPrincipalName = "carol@fabrikam.com" };

        Assert.Equal(DeprovisioningEvent.RemovedFromRole, Assert.IsType<DeprovisionUser>(Assert.Single(_s.Plan().Operations)).Event);
    }

    [Fact]
    public void A_provisioned_user_already_gone_from_Microsoft_365_needs_nothing()
    {
        _s.Tenant.Deprovisioning.UserDeleted = DeprovisioningAction.Delete;
        _s.AddProvisioned("dave@contoso.com", "ID4");
        _s.Directory.Clear();
        _s.Cloud.Clear();

        var plan = _s.Plan();

        Assert.Empty(plan.Operations);
        Assert.Null(plan.Guard);
    }

    [Theory]
    [InlineData(1, null)]
    [InlineData(2, 2)]
    [InlineData(10, 10)]
    public void The_guard_trips_only_above_the_allowed_share(int deleted, int? affected)
    {
        _s.Tenant.Deprovisioning.UserDeleted = DeprovisioningAction.RemoveLicenses;
        _s.Tenant.Deprovisioning.MaxDeprovisionPercent = 10;
        for (var i = 0; i < 10; i++)
        {
            _s.AddProvisioned($"user{i}@contoso.com", $"ID{i}");
        }

        _s.Directory.RemoveRange(0, deleted);

        var plan = _s.Plan();

        Assert.Equal(deleted, plan.Operations.Count);
        Assert.Equal(affected is null ? null : new MassDeprovisioningGuard(affected.Value, 10, 10), plan.Guard);
        Assert.Equal(affected is not null, plan.Guard?.Exceeded ?? false);
    }

    [Fact]
    public void The_guard_counts_a_user_once_and_ignores_leave_unmodified()
    {
        _s.Tenant.Deprovisioning.UserDisabled = DeprovisioningAction.BlockSignIn;
        _s.Tenant.Deprovisioning.MaxDeprovisionPercent = 0;
        var (source, _) = _s.AddProvisioned("erin@contoso.com", "ID5");
        _s.AddProvisioned("frank@contoso.com", "ID6");
        _s.Directory[0] = source with { Enabled = false };
        _s.Directory.RemoveAt(1);

        Assert.Equal(new MassDeprovisioningGuard(1, 2, 0), _s.Plan().Guard);
    }

    [Fact]
    public void The_single_user_form_applies_the_same_rules_without_a_guard()
    {
        _s.Tenant.Deprovisioning.UserDeleted = DeprovisioningAction.Delete;
        var (_, cloud) = _s.AddProvisioned("gina@contoso.com", "ID7");

        var plan = ProvisioningPlanner.PlanUser(_s.Tenant, null, [cloud], _s.Ledger[0], _s.Skus, _s.Federated);

        var deprovision = Assert.IsType<DeprovisionUser>(Assert.Single(plan.Operations));
        Assert.Equal((DeprovisioningEvent.UserDeleted, DeprovisioningAction.Delete), (deprovision.Event, deprovision.Action));
        Assert.Null(plan.Guard);
    }

    [Fact]
    public void The_single_user_form_creates_a_new_member()
    {
        var source = Source("hank@contoso.com", "ID8", "M365 Users");

        var plan = ProvisioningPlanner.PlanUser(_s.Tenant, source, [], null, _s.Skus, _s.Federated);

        Assert.Equal([typeof(CreateUser), typeof(ChangeLicenses)], plan.Operations.Select(o => o.GetType()));
    }

    private void SetRule(DeprovisioningEvent trigger, DeprovisioningAction action)
    {
        var rules = _s.Tenant.Deprovisioning;
        _ = trigger switch
        {
            DeprovisioningEvent.UserDisabled => rules.UserDisabled = action,
            DeprovisioningEvent.UserDeleted => rules.UserDeleted = action,
            _ => rules.RemovedFromRole = action,
        };
    }

    /// <summary>A provisioned user, then the event happens to it in our directory.</summary>
    private (SourceUser Source, CloudUser Cloud) Arrange(DeprovisioningEvent trigger)
    {
        var (source, cloud) = _s.AddProvisioned("user@contoso.com", "ID1");
        switch (trigger)
        {
            case DeprovisioningEvent.UserDisabled:
                _s.Directory[0] = source with { Enabled = false };
                break;
            case DeprovisioningEvent.UserDeleted:
                _s.Directory.Clear();
                break;
            default:
                _s.Directory[0] = source with { Roles = ["Staff"] };
                break;
        }

        return (source, cloud);
    }
}
