using System.Text.Json;
using IdpFederation.Core.Provisioning;
using static IdpFederation.Tests.Provisioning.Planning.PlannerScenario;

namespace IdpFederation.Tests.Provisioning.Planning;

/// <summary>The dry-run text and JSON of a plan, and that the same inputs in any order give the same plan.</summary>
[Trait("Kind", "Unit")]
public sealed class ProvisioningPlanFormatterTests
{
    private readonly PlannerScenario _s = new();

    /// <summary>One of everything: create, take-over, update, licence change, block, unlicense, conflict, guard.</summary>
    private void ArrangeEverything()
    {
        _s.Tenant.OverwriteSameUpn = true;
        _s.Tenant.Deprovisioning.UserDisabled = DeprovisioningAction.BlockSignIn;
        _s.Tenant.Deprovisioning.UserDeleted = DeprovisioningAction.RemoveLicenses;
        _s.Directory.Add(Source("new@contoso.com", "N1", "M365 Users") with { DisplayName = "New\u001b[2J" });
        var parked = Source("same@contoso.com", "S1", "Mail Only");
        _s.Directory.Add(parked);
        _s.Cloud.Add(InSync(parked) with { Id = "c-same", OnPremisesImmutableId = null });
        var (moved, cloud) = _s.AddProvisioned("moved@contoso.com", "M1");
        _s.Cloud[^1] = cloud with { Mail = "old@contoso.com", AssignedSkuIds = [] };
        var (left, _) = _s.AddProvisioned("left@contoso.com", "L1");
        _s.Directory.Remove(left);
        var (off, _) = _s.AddProvisioned("off@contoso.com", "O1");
        _s.Directory[_s.Directory.IndexOf(off)] = off with { Enabled = false };
        var synced = Source("synced@contoso.com", "Y1", "M365 Users");
        _s.Directory.Add(synced);
        _s.Cloud.Add(InSync(synced) with { OnPremisesSyncEnabled = true });
        _ = moved;
    }

    [Fact]
    public void The_dry_run_text_lists_every_kind_of_change_in_upn_order()
    {
        ArrangeEverything();

        var text = ProvisioningPlanFormatter.ToText(_s.Plan(), _s.Skus);

        Assert.Equal("""
            Provisioning plan for tenant contoso: create 1, update 1, take-over 1, licenses 3, block-sign-in 1, conflict 1.

            Create: 1
              + new@contoso.com
                  userPrincipalName: new@contoso.com
                  onPremisesImmutableId: N1
                  displayName: New\u001b[2J
                  mail: new@contoso.com
                  mailNickname: new
                  usageLocation: AU
                  accountEnabled: true

            Take over (set our ImmutableID on an existing user): 1
              ~ same@contoso.com: onPremisesImmutableId: (none) -> S1 (UPN parked at same@contoso.onmicrosoft.com meanwhile)

            Update: 1
              ~ moved@contoso.com
                  mail: old@contoso.com -> moved@contoso.com

            Licences: 2
              moved@contoso.com: +ENTERPRISEPACK
              new@contoso.com: +ENTERPRISEPACK

            Deprovision: 2
              - left@contoso.com: remove licences -ENTERPRISEPACK
              - off@contoso.com: block sign-in (disabled here)

            Conflicts (left alone): 1
              ! synced@contoso.com (ImmutableID Y1): Entra Connect synchronises this user (onPremisesSyncEnabled is true), so its attributes are read-only in Graph; turn directory synchronisation off for the tenant (Update-MgOrganization -BodyParameter @{onPremisesSyncEnabled=$false}) before provisioning it

            Refused without --force: 2 of 3 provisioned users (66.7%) would be blocked, unlicensed or deleted; the limit is 10% (Deprovisioning:MaxDeprovisionPercent).

            """.ReplaceLineEndings("\n"), text.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void An_empty_plan_says_so()
    {
        _s.AddProvisioned("same@contoso.com", "S1");

        Assert.Equal("Provisioning plan for tenant contoso: nothing to do.\n", ProvisioningPlanFormatter.ToText(_s.Plan(), _s.Skus).ReplaceLineEndings("\n"));
    }

    [Fact]
    public void The_json_form_carries_actions_details_conflicts_and_the_guard()
    {
        ArrangeEverything();

        using var json = JsonDocument.Parse(ProvisioningPlanJson.Write(_s.Plan(), _s.Skus));

        var root = json.RootElement;
        Assert.Equal("contoso", root.GetProperty("tenant").GetString());
        Assert.Equal(3, root.GetProperty("summary").GetProperty("licenses").GetInt32());
        var operations = root.GetProperty("operations").EnumerateArray().ToList();
        Assert.Equal(["licenses", "update", "licenses", "create", "licenses", "block-sign-in", "take-over"], operations.Select(o => o.GetProperty("action").GetString()));
        Assert.Equal("userDisabled", operations[5].GetProperty("event").GetString());
        var removal = operations[0];
        Assert.True(removal.GetProperty("deprovisioning").GetBoolean());
        Assert.Equal("ENTERPRISEPACK", removal.GetProperty("remove")[0].GetProperty("skuPartNumber").GetString());
        Assert.Equal(E3.ToString(), removal.GetProperty("remove")[0].GetProperty("skuId").GetString());
        Assert.Equal("old@contoso.com", operations[1].GetProperty("changes")[0].GetProperty("from").GetString());
        Assert.Equal(JsonValueKind.Null, operations[3].GetProperty("cloudId").ValueKind);
        Assert.Equal("New\u001b[2J", operations[3].GetProperty("attributes").GetProperty("displayName").GetString());
        Assert.Equal("same@contoso.onmicrosoft.com", operations[6].GetProperty("temporaryUserPrincipalName").GetString());
        Assert.Equal("synced@contoso.com", root.GetProperty("conflicts")[0].GetProperty("userPrincipalName").GetString());
        var guard = root.GetProperty("guard");
        Assert.Equal((2, 3, true), (guard.GetProperty("affected").GetInt32(), guard.GetProperty("provisioned").GetInt32(), guard.GetProperty("exceeded").GetBoolean()));
    }

    [Fact]
    public void The_same_inputs_in_any_order_give_the_same_plan()
    {
        ArrangeEverything();
        var expected = ProvisioningPlanJson.Write(_s.Plan(), _s.Skus);
        var random = new Random(12);

        for (var i = 0; i < 20; i++)
        {
            var plan = ProvisioningPlanner.Plan(_s.Tenant, Shuffle(_s.Directory, random), Shuffle(_s.Cloud, random), Shuffle(_s.Ledger, random),
                Shuffle(_s.Skus, random), _s.Federated);

            Assert.Equal(expected, ProvisioningPlanJson.Write(plan, _s.Skus));
        }
    }

    private static List<T> Shuffle<T>(List<T> items, Random random) => [.. items.OrderBy(_ => random.Next())];
}
