using IdpFederation.Core.Provisioning;
using IdpFederation.Tests.Provisioning.GraphServer;

namespace IdpFederation.Tests.Provisioning.Flows;

/// <summary>
/// Full syncs driven as `provision run` drives them (ProvisioningRunner through the real Graph SDK and Azure.Identity)
/// against the Graph test server, which enforces Graph's documented rules.
/// </summary>
[Trait("Kind", "Integration")]
public sealed class ProvisioningFlowTests
{
    [Fact]
    public async Task A_run_creates_members_of_the_role_with_ImmutableID_usage_location_and_licence_then_repairs_drift()
    {
        await using var h = await ProvisioningHarness.StartAsync();
        var alice = await h.AddUserAsync("alice@contoso.com", "Alice Example");
        await h.AddUserAsync("bob@contoso.com", usageLocation: "NZ");
        await h.AddUserAsync("carol@contoso.com", null, null, "Some Other Role");

        var result = await h.RunAsync();

        ProvisioningHarness.AssertSucceeded(result);
        Assert.Equal(2, h.Graph.Users.Count);
        var cloudAlice = h.Graph.FindUser("alice@contoso.com")!;
        Assert.Equal(alice.ImmutableId, cloudAlice.OnPremisesImmutableId);
        Assert.Equal("Alice Example", cloudAlice.DisplayName);
        Assert.Equal("AU", cloudAlice.UsageLocation);
        Assert.Equal([ProvisioningHarness.E3], cloudAlice.AssignedSkuIds);
        Assert.Equal("NZ", h.Graph.FindUser("bob@contoso.com")!.UsageLocation);
        Assert.Null(h.Graph.FindUser("carol@contoso.com"));
        Assert.Equal(2, (await h.Ledger.ListAsync("contoso")).Count);

        // Drift made in Microsoft 365 is put back by the next run; nothing else is written.
        h.Graph.SetUserProperty("alice@contoso.com", "displayName", "Renamed In Portal");
        var writesBefore = h.Graph.WriteCount;
        var repair = await h.RunAsync();
        ProvisioningHarness.AssertSucceeded(repair);
        Assert.Equal("Alice Example", h.Graph.FindUser("alice@contoso.com")!.DisplayName);
        Assert.Equal(writesBefore + 1, h.Graph.WriteCount);
        var report = await h.Runs.GetAsync(repair.RunId);
        var item = Assert.Single(report!.Items);
        Assert.Equal(("update", "done"), (item.Action, item.Outcome));
        Assert.Contains("Renamed In Portal -> Alice Example", item.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dry_run_prints_the_plan_and_writes_nothing()
    {
        await using var h = await ProvisioningHarness.StartAsync();
        await h.AddUserAsync("dave@contoso.com");

        var result = await h.RunAsync(dryRun: true);

        ProvisioningHarness.AssertSucceeded(result);
        Assert.Empty(h.Graph.Users);
        Assert.Equal(0, h.Graph.WriteCount);
        Assert.DoesNotContain(h.Graph.Requests, r => r.IsWrite && r.Path.Contains("/v1.0", StringComparison.Ordinal));
        Assert.Contains(result.Plan!.Operations, o => o is CreateUser { UserPrincipalName: "dave@contoso.com" });
        var report = await h.Runs.GetAsync(result.RunId);
        Assert.All(report!.Items, i => Assert.Equal("planned", i.Outcome));
        Assert.Empty(await h.Ledger.ListAsync("contoso"));
    }

    [Fact]
    public async Task A_same_UPN_user_is_a_conflict_and_left_alone_when_overwriting_is_off()
    {
        await using var h = await ProvisioningHarness.StartAsync();
        h.Graph.SeedUser("erin@contoso.com", "Erin Cloud", immutableId: "cloud-only-id", usageLocation: "AU");
        await h.AddUserAsync("erin@contoso.com");

        var result = await h.RunAsync();

        Assert.Equal("cloud-only-id", h.Graph.FindUser("erin@contoso.com")!.OnPremisesImmutableId);
        Assert.Equal("Erin Cloud", h.Graph.FindUser("erin@contoso.com")!.DisplayName);
        var conflict = Assert.Single(result.Plan!.Conflicts);
        Assert.Equal("erin@contoso.com", conflict.UserPrincipalName);
        var report = await h.Runs.GetAsync(result.RunId);
        Assert.Contains(report!.Items, i => i.Action == "conflict" && i.UserPrincipalName == "erin@contoso.com");
    }

    [Fact]
    public async Task Overwriting_a_same_UPN_user_on_a_federated_domain_moves_the_UPN_through_the_initial_domain()
    {
        await using var h = await ProvisioningHarness.StartAsync(settings: new Dictionary<string, string?> { ["OverwriteSameUpn"] = "true" });
        var cloudId = h.Graph.SeedUser("frank@contoso.com", "Frank", immutableId: "old-anchor", usageLocation: "AU");
        var frank = await h.AddUserAsync("frank@contoso.com");

        var result = await h.RunAsync();

        ProvisioningHarness.AssertSucceeded(result);
        var cloud = h.Graph.FindUser(cloudId)!;
        Assert.Equal(frank.ImmutableId, cloud.OnPremisesImmutableId);
        Assert.Equal("frank@contoso.com", cloud.UserPrincipalName);
        // Graph refuses a new ImmutableID while the UPN is on a federated domain: the UPN went through the initial domain.
        var patches = h.Graph.Requests.Where(r => r.Method == "PATCH" && r.Path.Contains(cloudId, StringComparison.Ordinal)).ToList();
        Assert.True(patches.Count >= 2, string.Join(", ", patches.Select(p => $"{p.Method} {p.Path} {p.Status}")));
        Assert.Single(h.Graph.Users);
    }

    [Theory]
    [InlineData("UserDisabled", "BlockSignIn")]
    [InlineData("UserDisabled", "RemoveLicenses")]
    [InlineData("UserDisabled", "Delete")]
    [InlineData("UserDeleted", "BlockSignIn")]
    [InlineData("UserDeleted", "RemoveLicenses")]
    [InlineData("UserDeleted", "Delete")]
    [InlineData("RemovedFromRole", "BlockSignIn")]
    [InlineData("RemovedFromRole", "RemoveLicenses")]
    [InlineData("RemovedFromRole", "Delete")]
    [InlineData("UserDisabled", "LeaveUnmodified")]
    [InlineData("UserDeleted", "LeaveUnmodified")]
    [InlineData("RemovedFromRole", "LeaveUnmodified")]
    public async Task Each_deprovisioning_event_takes_its_configured_action(string deprovisioningEvent, string action)
    {
        await using var h = await ProvisioningHarness.StartAsync(settings: new Dictionary<string, string?>
        {
            [$"Deprovisioning:{deprovisioningEvent}"] = action,
            ["Deprovisioning:MaxDeprovisionPercent"] = "100",
        });
        await h.AddUserAsync("gina@contoso.com");
        await h.AddUserAsync("hank@contoso.com");
        ProvisioningHarness.AssertSucceeded(await h.RunAsync());
        var before = h.Graph.FindUser("gina@contoso.com")!;

        switch (deprovisioningEvent)
        {
            case "UserDisabled": await h.Directory.SetEnabledAsync("gina@contoso.com", false); break;
            case "UserDeleted": await h.Directory.DeleteAsync("gina@contoso.com"); break;
            default: await h.Directory.RemoveRoleMemberAsync(ProvisioningHarness.Role, "gina@contoso.com"); break;
        }

        var result = await h.RunAsync();

        ProvisioningHarness.AssertSucceeded(result);
        var after = h.Graph.FindUser(before.Id);
        switch (action)
        {
            case "BlockSignIn":
                Assert.False(after!.AccountEnabled);
                Assert.Equal([ProvisioningHarness.E3], after.AssignedSkuIds);
                break;
            case "RemoveLicenses":
                Assert.True(after!.AccountEnabled);
                Assert.Empty(after.AssignedSkuIds);
                break;
            case "Delete":
                Assert.Null(after);
                Assert.DoesNotContain(await h.Ledger.ListAsync("contoso"), p => p.CloudId == before.Id);
                break;
            default:
                Assert.Equal(before.AccountEnabled, after!.AccountEnabled);
                Assert.Equal(before.AssignedSkuIds, after.AssignedSkuIds);
                Assert.Equal(before.DisplayName, after.DisplayName);
                break;
        }

        // The other user is untouched whatever the rule.
        Assert.True(h.Graph.FindUser("hank@contoso.com")!.AccountEnabled);
    }

    [Fact]
    public async Task The_guard_refuses_a_mass_deprovisioning_until_forced()
    {
        await using var h = await ProvisioningHarness.StartAsync(settings: new Dictionary<string, string?> { ["Deprovisioning:UserDisabled"] = "BlockSignIn" });
        for (var i = 0; i < 10; i++)
        {
            await h.AddUserAsync($"user{i}@contoso.com");
        }

        ProvisioningHarness.AssertSucceeded(await h.RunAsync());
        await h.Directory.SetEnabledAsync("user0@contoso.com", false);
        await h.Directory.SetEnabledAsync("user1@contoso.com", false);
        var writes = h.Graph.WriteCount;

        // Two of ten is 20 %, over the default 10 %.
        var refused = await h.RunAsync();
        Assert.Equal(RunStatus.Refused, refused.Status);
        Assert.Contains("--force", refused.Message, StringComparison.Ordinal);
        Assert.Equal(writes, h.Graph.WriteCount);
        Assert.True(h.Graph.FindUser("user0@contoso.com")!.AccountEnabled);

        var forced = await h.RunAsync(force: true);
        ProvisioningHarness.AssertSucceeded(forced);
        Assert.False(h.Graph.FindUser("user0@contoso.com")!.AccountEnabled);
        Assert.False(h.Graph.FindUser("user1@contoso.com")!.AccountEnabled);
    }

    [Fact]
    public async Task Licences_come_from_every_mapped_role_and_run_out_as_a_reported_conflict()
    {
        await using var h = await ProvisioningHarness.StartAsync(
            graph => graph.Skus = [new GraphTestSku(ProvisioningHarness.E3, "ENTERPRISEPACK", 2), new GraphTestSku(ProvisioningHarness.E5, "ENTERPRISEPREMIUM", 5)],
            new Dictionary<string, string?> { ["Roles:1:Role"] = "Executives", ["Roles:1:Licenses:0"] = ProvisioningHarness.E5.ToString() });
        await h.AddUserAsync("ivy@contoso.com", null, null, ProvisioningHarness.Role, "Executives");
        await h.AddUserAsync("jack@contoso.com");
        await h.AddUserAsync("kate@contoso.com");

        var result = await h.RunAsync();

        Assert.Equal([ProvisioningHarness.E3, ProvisioningHarness.E5], h.Graph.FindUser("ivy@contoso.com")!.AssignedSkuIds.Order());
        // Two E3 units: the third user gets none, and the run says so instead of failing a write.
        Assert.Equal(2, h.Graph.ConsumedUnits(ProvisioningHarness.E3));
        Assert.Single(result.Plan!.Conflicts, c => c.Reason.Contains("ENTERPRISEPACK", StringComparison.Ordinal));
    }
}
