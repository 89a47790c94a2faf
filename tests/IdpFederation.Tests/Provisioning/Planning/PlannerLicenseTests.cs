using IdpFederation.Core.Configuration;
using IdpFederation.Core.Provisioning;
using static IdpFederation.Tests.Provisioning.Planning.PlannerScenario;

namespace IdpFederation.Tests.Provisioning.Planning;

/// <summary>Licence mapping: roles to SKUs, adds and removals, foreign licences, units, unknown SKUs, usageLocation.</summary>
[Trait("Kind", "Unit")]
public sealed class PlannerLicenseTests
{
    private readonly PlannerScenario _s = new();

    [Fact]
    public void A_missing_mapped_sku_is_added()
    {
        var (_, cloud) = _s.AddProvisioned("alice@contoso.com", "ID1");
        _s.Cloud[0] = cloud with { AssignedSkuIds = [] };

        var licences = Assert.IsType<ChangeLicenses>(Assert.Single(_s.Plan().Operations));

        Assert.Equal(("alice@contoso.com", cloud.Id), (licences.UserPrincipalName, licences.CloudId));
        Assert.Equal([E3], licences.Add);
        Assert.Empty(licences.Remove);
    }

    [Fact]
    public void Only_skus_we_assigned_that_no_longer_map_are_removed_and_foreign_ones_stay()
    {
        var (_, cloud) = _s.AddProvisioned("bob@contoso.com", "ID2");
        _s.Cloud[0] = cloud with { AssignedSkuIds = [E3, E5, Visio] };
        _s.Ledger[0] = _s.Ledger[0] with { AssignedSkuIds = [E3, E5] };

        var licences = Assert.IsType<ChangeLicenses>(Assert.Single(_s.Plan().Operations));

        Assert.Empty(licences.Add);
        Assert.Equal([E5], licences.Remove);
        Assert.False(licences.Deprovisioning);
    }

    [Fact]
    public void A_sku_we_assigned_that_someone_already_removed_is_not_removed_again()
    {
        _s.AddProvisioned("carol@contoso.com", "ID3");
        _s.Ledger[0] = _s.Ledger[0] with { AssignedSkuIds = [E3, E5] };

        Assert.Empty(_s.Plan().Operations);
    }

    [Theory]
    [InlineData(LicenseMode.AllMappedRoles, true)]
    [InlineData(LicenseMode.FirstMatchingRole, false)]
    public void Licence_mode_takes_every_mapped_role_or_the_first(LicenseMode mode, bool both)
    {
        _s.Tenant.LicenseMode = mode;
        _s.Directory.Add(Source("dave@contoso.com", "ID4", "Mail Only", "Executives", "M365 Users"));

        var licences = Assert.IsType<ChangeLicenses>(_s.Plan().Operations[1]);

        // Configuration order decides "first", not the order of the user's roles; "Mail Only" maps nothing.
        Assert.Equal(both ? [E3, E5] : [E3], licences.Add);
    }

    [Fact]
    public void Skus_may_be_named_by_guid_or_part_number_without_case()
    {
        _s.Tenant.Roles[0].Licenses = [E5.ToString().ToUpperInvariant(), "enterprisepack", "ENTERPRISEPACK"];
        _s.Directory.Add(Source("erin@contoso.com", "ID5", "M365 Users"));

        Assert.Equal([E5, E3], Assert.IsType<ChangeLicenses>(_s.Plan().Operations[1]).Add);
    }

    [Theory]
    [InlineData("NOT_A_SKU")]
    [InlineData("00000000-0000-0000-0000-000000000001")]
    public void An_unknown_sku_is_a_conflict_and_the_user_is_still_created(string license)
    {
        _s.Tenant.Roles[0].Licenses = [license];
        _s.Directory.Add(Source("frank@contoso.com", "ID6", "M365 Users"));

        var plan = _s.Plan();

        Assert.IsType<CreateUser>(Assert.Single(plan.Operations));
        Assert.Equal($"licence '{license}' of role 'M365 Users' is not a SKU this tenant subscribes to (GET /subscribedSkus); no licence was added",
            Assert.Single(plan.Conflicts).Reason);
    }

    [Fact]
    public void Units_are_counted_across_the_plan_and_the_last_users_by_upn_get_the_conflict()
    {
        _s.Skus[0] = new CloudSku(E3, "ENTERPRISEPACK", 12, 10);
        foreach (var name in new[] { "zoe", "amy", "kai" })
        {
            _s.Directory.Add(Source($"{name}@contoso.com", "ID-" + name, "M365 Users"));
        }

        var plan = _s.Plan();

        var licensed = plan.Operations.OfType<ChangeLicenses>().Select(l => l.UserPrincipalName);
        Assert.Equal(["amy@contoso.com", "kai@contoso.com"], licensed);
        Assert.Equal(3, plan.Operations.OfType<CreateUser>().Count());
        var conflict = Assert.Single(plan.Conflicts);
        Assert.Equal(("zoe@contoso.com", "no free units of ENTERPRISEPACK; no licence was added"), (conflict.UserPrincipalName, conflict.Reason));
    }

    [Fact]
    public void Adds_are_all_or_nothing_so_a_short_sku_reserves_no_other()
    {
        _s.Skus[1] = new CloudSku(E5, "ENTERPRISEPREMIUM", 10, 10);
        _s.Directory.Add(Source("gina@contoso.com", "ID7", "M365 Users", "Executives"));
        _s.Directory.Add(Source("hank@contoso.com", "ID8", "M365 Users"));
        _s.Skus[0] = new CloudSku(E3, "ENTERPRISEPACK", 1, 0);

        var plan = _s.Plan();

        Assert.Equal("no free units of ENTERPRISEPREMIUM; no licence was added", Assert.Single(plan.Conflicts).Reason);
        Assert.Equal("hank@contoso.com", Assert.Single(plan.Operations.OfType<ChangeLicenses>()).UserPrincipalName);
    }

    [Fact]
    public void Without_a_usage_location_no_licence_is_added()
    {
        _s.Tenant.Attributes.Clear();
        _s.Directory.Add(Source("ivy@contoso.com", "ID9", "M365 Users"));
        _s.Directory.Add(Source("jack@contoso.com", "ID10", "M365 Users") with { UsageLocation = "NZ" });

        var plan = _s.Plan();

        Assert.Equal(["ivy@contoso.com", "jack@contoso.com", "jack@contoso.com"], plan.Operations.Select(o => o.UserPrincipalName));
        var conflict = Assert.Single(plan.Conflicts);
        Assert.Equal("ivy@contoso.com", conflict.UserPrincipalName);
        Assert.StartsWith("no usageLocation is set, and Graph assigns no licence without one", conflict.Reason, StringComparison.Ordinal);
    }
}
