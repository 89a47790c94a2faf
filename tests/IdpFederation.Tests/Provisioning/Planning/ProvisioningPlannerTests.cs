using IdpFederation.Core.Configuration;
using IdpFederation.Core.Provisioning;
using static IdpFederation.Tests.Provisioning.Planning.PlannerScenario;

namespace IdpFederation.Tests.Provisioning.Planning;

/// <summary>Scope, matching, create, update and take-over rules of <see cref="ProvisioningPlanner"/>.</summary>
[Trait("Kind", "Unit")]
public sealed class ProvisioningPlannerTests
{
    private readonly PlannerScenario _s = new();

    [Fact]
    public void A_new_member_is_created_with_every_owned_attribute_then_licensed()
    {
        _s.Directory.Add(Source("alice@contoso.com", "QUJDMTIz", "M365 Users") with { DisplayName = "Alice Liddell" });

        var plan = _s.Plan();

        Assert.Empty(plan.Conflicts);
        Assert.Null(plan.Guard);
        Assert.Equal("contoso", plan.Tenant);
        Assert.Collection(plan.Operations,
            op =>
            {
                var create = Assert.IsType<CreateUser>(op);
                Assert.Null(create.CloudId);
                Assert.Equal("QUJDMTIz", create.ImmutableId);
                Assert.Equal(new Dictionary<string, string?>
                {
                    ["userPrincipalName"] = "alice@contoso.com",
                    ["onPremisesImmutableId"] = "QUJDMTIz",
                    ["displayName"] = "Alice Liddell",
                    ["mail"] = "alice@contoso.com",
                    ["mailNickname"] = "alice",
                    ["usageLocation"] = "AU",
                    ["accountEnabled"] = "true",
                }, create.Attributes);
            },
            op =>
            {
                var licences = Assert.IsType<ChangeLicenses>(op);
                Assert.Equal([E3], licences.Add);
                Assert.Empty(licences.Remove);
                Assert.False(licences.Deprovisioning);
            });
    }

    [Fact]
    public void Without_a_display_name_the_upn_local_part_is_used_and_the_nickname_is_sanitised()
    {
        _s.Tenant.Attributes["mailNickname"] = "\"Zoë \" + source.displayName + \" (HR)\"";
        _s.Directory.Add(Source("o'brien.smith@contoso.com", "ID1", "Mail Only") with { DisplayName = null });

        var create = Assert.IsType<CreateUser>(Assert.Single(_s.Plan().Operations));

        Assert.Equal("o'brien.smith", create.Attributes["displayName"]);
        Assert.Equal("ZoHR", create.Attributes["mailNickname"]);
    }

    [Theory]
    [InlineData("o'brien+test@contoso.com", "contains '+', which Graph refuses")]
    [InlineData("@contoso.com", "is not of the form name@domain")]
    public void A_upn_Graph_refuses_is_a_conflict(string upn, string reason)
    {
        _s.Directory.Add(Source(upn, "ID1", "Mail Only"));

        var plan = _s.Plan();

        Assert.Empty(plan.Operations);
        Assert.Contains(reason, Assert.Single(plan.Conflicts).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_nickname_with_nothing_usable_left_is_a_conflict()
    {
        _s.Directory.Add(Source("zoe@contoso.com", "ID1", "Mail Only"));
        _s.Tenant.Attributes["mailNickname"] = "\"ë ()\"";

        var plan = _s.Plan();

        Assert.Empty(plan.Operations);
        Assert.StartsWith("the mailNickname mapping yields nothing once the characters Graph refuses are removed", Assert.Single(plan.Conflicts).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_user_disabled_here_and_new_to_Microsoft_365_is_created_disabled()
    {
        _s.Directory.Add(Source("bob@contoso.com", "ID2", "Mail Only") with { Enabled = false });

        var create = Assert.IsType<CreateUser>(Assert.Single(_s.Plan().Operations));

        Assert.Equal("false", create.Attributes["accountEnabled"]);
    }

    [Fact]
    public void A_matched_user_gets_only_the_attributes_that_differ_with_from_and_to()
    {
        var (source, cloud) = _s.AddProvisioned("carol@contoso.com", "ID3");
        _s.Cloud[0] = cloud with { DisplayName = "Old Name", Mail = "carol.old@contoso.com", UsageLocation = "au" };

        var plan = _s.Plan();

        var update = Assert.IsType<UpdateUser>(Assert.Single(plan.Operations));
        Assert.Equal(cloud.Id, update.CloudId);
        Assert.Equal(
            [new AttributeChange("displayName", "Old Name", source.DisplayName), new AttributeChange("mail", "carol.old@contoso.com", "carol@contoso.com")],
            update.Changes);
    }

    [Fact]
    public void A_user_already_as_mapped_gets_no_operation()
    {
        _s.AddProvisioned("dave@contoso.com", "ID4");

        var plan = _s.Plan();

        Assert.Empty(plan.Operations);
        Assert.Empty(plan.Conflicts);
    }

    [Fact]
    public void An_immutable_id_match_wins_over_the_upn_and_renames_the_user()
    {
        var (_, cloud) = _s.AddProvisioned("erin@contoso.com", "ID5");
        _s.Cloud[0] = cloud with { UserPrincipalName = "erin.old@contoso.com", Mail = "erin@contoso.com" };

        var update = Assert.IsType<UpdateUser>(Assert.Single(_s.Plan().Operations));

        Assert.Equal([new AttributeChange("userPrincipalName", "erin.old@contoso.com", "erin@contoso.com")], update.Changes);
    }

    [Fact]
    public void A_rename_onto_a_upn_another_cloud_user_holds_is_a_conflict()
    {
        var (_, cloud) = _s.AddProvisioned("frank@contoso.com", "ID6");
        _s.Cloud[0] = cloud with { UserPrincipalName = "frank.old@contoso.com" };
        _s.Cloud.Add(new CloudUser { Id = "other", UserPrincipalName = "FRANK@contoso.com" });

        var plan = _s.Plan();

        Assert.Empty(plan.Operations);
        Assert.Contains("belongs to another Microsoft 365 user (other, no ImmutableID)", Assert.Single(plan.Conflicts).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Immutable_ids_match_case_sensitively_as_Entra_does()
    {
        var source = Source("gina@contoso.com", "AbC", "M365 Users");
        _s.Directory.Add(source);
        _s.Cloud.Add(InSync(source) with { OnPremisesImmutableId = "abc" });

        var conflict = Assert.Single(_s.Plan().Conflicts);

        Assert.Equal("a Microsoft 365 user with this UPN has ImmutableID 'abc', not 'AbC'; left alone (turn on OverwriteSameUpn to take it over, " +
            "which hands its sign-in to us)", conflict.Reason);
        Assert.Equal(("gina@contoso.com", "AbC"), (conflict.UserPrincipalName, conflict.ImmutableId));
    }

    [Theory]
    [InlineData("contoso.com", "hank@contoso.onmicrosoft.com")]
    [InlineData("sales.contoso.com", "hank@contoso.onmicrosoft.com")]
    [InlineData("contoso.net", null)]
    public void Take_over_parks_a_federated_upn_on_the_initial_domain_only(string cloudDomain, string? temporary)
    {
        _s.Tenant.OverwriteSameUpn = true;
        _s.Tenant.Domains.Add(cloudDomain);
        var source = Source($"hank@{cloudDomain}", "ID8", "M365 Users");
        _s.Directory.Add(source);
        _s.Cloud.Add(InSync(source) with { Id = "c8", OnPremisesImmutableId = null, UserPrincipalName = $"HANK@{cloudDomain}", AssignedSkuIds = [Visio] });

        var plan = _s.Plan();

        Assert.Empty(plan.Conflicts);
        Assert.Collection(plan.Operations,
            op =>
            {
                var takeOver = Assert.IsType<TakeOverUser>(op);
                Assert.Equal(("c8", null, "ID8"), (takeOver.CloudId, takeOver.PreviousImmutableId, takeOver.ImmutableId));
                Assert.Equal(temporary is null ? null : temporary, takeOver.TemporaryUserPrincipalName?.ToLowerInvariant());
            },
            op => Assert.Equal([new AttributeChange("userPrincipalName", $"HANK@{cloudDomain}", $"hank@{cloudDomain}")], Assert.IsType<UpdateUser>(op).Changes),
            op =>
            {
                // The Visio licence was not ours: it stays.
                var licences = Assert.IsType<ChangeLicenses>(op);
                Assert.Equal([E3], licences.Add);
                Assert.Empty(licences.Remove);
            });
    }

    [Fact]
    public void Drift_in_a_provisioned_users_immutable_id_is_repaired_without_OverwriteSameUpn()
    {
        var (_, cloud) = _s.AddProvisioned("olga@contoso.com", "ID20");
        _s.Cloud[0] = cloud with { OnPremisesImmutableId = "EDITED", UserPrincipalName = "olga.k@contoso.com", AssignedSkuIds = [E3, E5] };
        _s.Ledger[0] = _s.Ledger[0] with { AssignedSkuIds = [E3, E5] };

        var plan = _s.Plan();

        Assert.Empty(plan.Conflicts);
        Assert.Collection(plan.Operations,
            op =>
            {
                var repair = Assert.IsType<TakeOverUser>(op);
                Assert.Equal(("EDITED", "ID20", "olga.k@contoso.onmicrosoft.com"), (repair.PreviousImmutableId, repair.ImmutableId, repair.TemporaryUserPrincipalName));
            },
            op => Assert.Equal([new AttributeChange("userPrincipalName", "olga.k@contoso.com", "olga@contoso.com")], Assert.IsType<UpdateUser>(op).Changes),
            op => Assert.Equal([E5], Assert.IsType<ChangeLicenses>(op).Remove));
    }

    [Fact]
    public void Take_over_keeps_the_previous_immutable_id_for_the_report()
    {
        _s.Tenant.OverwriteSameUpn = true;
        var source = Source("ivy@contoso.com", "NEW", "Mail Only");
        _s.Directory.Add(source);
        _s.Cloud.Add(InSync(source) with { OnPremisesImmutableId = "OLD" });

        var takeOver = Assert.IsType<TakeOverUser>(Assert.Single(_s.Plan().Operations));

        Assert.Equal(("OLD", "ivy@contoso.onmicrosoft.com"), (takeOver.PreviousImmutableId, takeOver.TemporaryUserPrincipalName));
    }

    [Fact]
    public void Take_over_on_a_federated_domain_without_an_initial_domain_is_a_conflict()
    {
        _s.Tenant.OverwriteSameUpn = true;
        _s.Tenant.InitialDomain = null;
        var source = Source("jack@contoso.com", "ID9", "Mail Only");
        _s.Directory.Add(source);
        _s.Cloud.Add(InSync(source) with { OnPremisesImmutableId = null });

        var plan = _s.Plan();

        Assert.Empty(plan.Operations);
        Assert.EndsWith("its domain is federated, so setting our ImmutableID needs InitialDomain (the tenant's onmicrosoft.com domain)", Assert.Single(plan.Conflicts).Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_user_Entra_Connect_synchronises_is_always_a_conflict(bool sameImmutableId)
    {
        _s.Tenant.OverwriteSameUpn = true;
        var source = Source("kim@contoso.com", "ID10", "M365 Users");
        _s.Directory.Add(source);
        _s.Cloud.Add(InSync(source) with { OnPremisesSyncEnabled = true, OnPremisesImmutableId = sameImmutableId ? "ID10" : "AD-GUID", DisplayName = "x" });

        var plan = _s.Plan();

        Assert.Empty(plan.Operations);
        Assert.StartsWith("Entra Connect synchronises this user (onPremisesSyncEnabled is true)", Assert.Single(plan.Conflicts).Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("fabrikam.com", "M365 Users")]
    [InlineData("contoso.com", "Staff")]
    [InlineData("contoso.com.evil.example", "M365 Users")]
    [InlineData("sub.contoso.com", "M365 Users")]
    public void Users_outside_the_tenants_domains_or_roles_are_not_provisioned(string domain, string role)
    {
        _s.Directory.Add(Source($"lee@{domain}", "ID11", role));

        var plan = _s.Plan();

        Assert.Empty(plan.Operations);
        Assert.Empty(plan.Conflicts);
    }

    [Theory]
    [InlineData("m365 users", "CONTOSO.COM")]
    [InlineData("M365 USERS", "contoso.com")]
    public void Role_names_and_domains_match_without_case(string role, string domain)
    {
        _s.Directory.Add(Source($"max@{domain}", "ID12", role));

        Assert.IsType<CreateUser>(_s.Plan().Operations[0]);
    }

    [Theory]
    [InlineData("source.immutableId + \"_x\"", "'_'")]
    [InlineData("\"$\" + source.immutableId", "'$'")]
    [InlineData("source.upn", "'@'")]
    public void A_mapped_immutable_id_Entra_refuses_is_a_conflict_for_that_user(string mapping, string character)
    {
        _s.Tenant.Attributes["onPremisesImmutableId"] = mapping;
        _s.Directory.Add(Source("nia@contoso.com", "ID13", "M365 Users"));

        var plan = _s.Plan();

        Assert.Empty(plan.Operations);
        Assert.Contains($"contains {character}, which Entra refuses", Assert.Single(plan.Conflicts).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_users_mapped_to_one_immutable_id_keep_the_first_by_upn()
    {
        _s.Tenant.Attributes["onPremisesImmutableId"] = "\"SAME\"";
        _s.Directory.Add(Source("zed@contoso.com", "A", "Mail Only"));
        _s.Directory.Add(Source("amy@contoso.com", "B", "Mail Only"));

        var plan = _s.Plan();

        Assert.Equal("amy@contoso.com", Assert.IsType<CreateUser>(Assert.Single(plan.Operations)).UserPrincipalName);
        Assert.Equal("onPremisesImmutableId 'SAME' is also mapped for amy@contoso.com; left alone", Assert.Single(plan.Conflicts).Reason);
    }

    [Fact]
    public void An_invalid_mapping_is_refused_with_its_reason()
    {
        _s.Tenant.Attributes["mail"] = "source.mial";

        var error = Assert.Throws<ArgumentException>(_s.Plan);

        Assert.StartsWith("Idp:Provisioning tenant 'contoso':Attributes:mail: unknown source attribute 'source.mial'", error.Message, StringComparison.Ordinal);
    }
}
