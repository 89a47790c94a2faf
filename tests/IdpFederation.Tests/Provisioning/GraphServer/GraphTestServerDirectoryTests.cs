using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Graph.Users.Item.AssignLicense;

namespace IdpFederation.Tests.Provisioning.GraphServer;

/// <summary>Licences, tenant reads, delta queries and group membership through the real SDK.</summary>
[Trait("Kind", "Integration")]
public sealed class GraphTestServerDirectoryTests : GraphTestServerFixture
{
    private static AssignLicensePostRequestBody Add(Guid sku) => new() { AddLicenses = [new AssignedLicense { SkuId = sku, DisabledPlans = [] }], RemoveLicenses = [] };

    [Fact]
    public async Task A_licence_needs_a_usage_location_an_existing_SKU_and_a_free_unit()
    {
        var graph = Admin();
        var first = (await graph.Users.PostAsync(NewUser("kim@fabrikam.com", null)))!.Id!;
        var error = await Assert.ThrowsAsync<ODataError>(() => graph.Users[first].AssignLicense.PostAsync(Add(E3)));
        Assert.Equal((400, "License assignment cannot be done for user with invalid usage location."), (error.ResponseStatusCode, error.Error!.Message));

        await graph.Users[first].PatchAsync(new User { UsageLocation = "AU" });
        var licensed = await graph.Users[first].AssignLicense.PostAsync(Add(E3));
        Assert.NotNull(licensed);
        Assert.Equal([E3], Server.FindUser(first)!.AssignedSkuIds);

        var unknownSku = Guid.NewGuid();
        error = await Assert.ThrowsAsync<ODataError>(() => graph.Users[first].AssignLicense.PostAsync(Add(unknownSku)));
        Assert.Equal($"License {unknownSku} does not correspond to a valid company License.", error.Error!.Message);

        Server.SeedUser("lee@fabrikam.com", "Lee", usageLocation: "AU", skuIds: [E3]);
        var third = (await graph.Users.PostAsync(NewUser("max@fabrikam.com", null, usageLocation: "NZ")))!.Id!;
        error = await Assert.ThrowsAsync<ODataError>(() => graph.Users[third].AssignLicense.PostAsync(Add(E3)));
        Assert.Equal($"Subscription with SKU {E3} does not have any available licenses.", error.Error!.Message);

        var skus = await graph.SubscribedSkus.GetAsync();
        var sku = Assert.Single(skus!.Value!);
        Assert.Equal((2, 2, "ENTERPRISEPACK"), (sku.ConsumedUnits, sku.PrepaidUnits!.Enabled, sku.SkuPartNumber));

        // Removing frees the unit for someone else.
        await graph.Users[first].AssignLicense.PostAsync(new AssignLicensePostRequestBody { AddLicenses = [], RemoveLicenses = [E3] });
        await graph.Users[third].AssignLicense.PostAsync(Add(E3));
        Assert.Equal(2, Server.ConsumedUnits(E3));
        var read = await graph.Users[third].GetAsync(r => r.QueryParameters.Select = ["assignedLicenses"]);
        Assert.Equal(E3, Assert.Single(read!.AssignedLicenses!).SkuId);
    }

    [Fact]
    public async Task Domains_and_organization_show_the_tenant_as_configured()
    {
        Server.SetOrganizationSyncEnabled(false);
        var graph = Admin();
        var domains = (await graph.Domains.GetAsync())!.Value!;
        Assert.Equal(
            [("contoso.onmicrosoft.com", "Managed"), ("contoso.com", "Federated"), ("fabrikam.com", "Managed")],
            domains.Select(d => (d.Id, d.AuthenticationType)));
        var organization = Assert.Single((await graph.Organization.GetAsync())!.Value!);
        Assert.Equal((Server.TenantId.ToString(), false), (organization.Id, organization.OnPremisesSyncEnabled));
    }

    [Fact]
    public async Task A_delta_round_trip_returns_everything_then_only_changes_and_removals()
    {
        var graph = Admin();
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await graph.Users.PostAsync(NewUser($"d{i}@contoso.com", $"d-{i}")))!.Id!);
        }

        var seen = new List<User>();
        var page = await graph.Users.Delta.GetAsDeltaGetResponseAsync(r =>
        {
            r.QueryParameters.Select = ["id", "userPrincipalName", "onPremisesImmutableId"];
            r.Headers.Add("Prefer", "odata.maxpagesize=2");
        });
        seen.AddRange(page!.Value!);
        Assert.NotNull(page.OdataNextLink);
        while (page!.OdataNextLink is { } next)
        {
            page = await graph.Users.Delta.WithUrl(next).GetAsDeltaGetResponseAsync();
            seen.AddRange(page!.Value!);
        }

        Assert.Equal(["d-0", "d-1", "d-2"], seen.Select(u => u.OnPremisesImmutableId).Order());
        var deltaLink = page.OdataDeltaLink!;

        await graph.Users[ids[0]].PatchAsync(new User { DisplayName = "Renamed" });
        await graph.Users[ids[1]].DeleteAsync();
        Server.SeedUser("d3@contoso.com", "D3", immutableId: "d-3");
        var changes = (await graph.Users.Delta.WithUrl(deltaLink).GetAsDeltaGetResponseAsync())!;
        Assert.Null(changes.OdataNextLink);
        Assert.NotNull(changes.OdataDeltaLink);
        var byId = changes.Value!.ToDictionary(u => u.Id!);
        Assert.Equal(3, byId.Count);
        Assert.Equal("d-0", byId[ids[0]].OnPremisesImmutableId);
        Assert.True(byId[ids[1]].AdditionalData.ContainsKey("@removed"));
        Assert.Contains(byId.Values, u => u.OnPremisesImmutableId == "d-3");

        // Nothing changed since: an empty round.
        var quiet = (await graph.Users.Delta.WithUrl(changes.OdataDeltaLink!).GetAsDeltaGetResponseAsync())!;
        Assert.Empty(quiet.Value!);
    }

    [Fact]
    public async Task Group_membership_is_added_listed_and_removed_by_reference()
    {
        var graph = Admin();
        var user = (await graph.Users.PostAsync(NewUser("nina@fabrikam.com", null)))!.Id!;
        var group = await graph.Groups.PostAsync(new Group { DisplayName = "Email Integration Users", MailEnabled = false, MailNickname = "email-integration", SecurityEnabled = true });

        var found = await graph.Groups.GetAsync(r => r.QueryParameters.Filter = "displayName eq 'Email Integration Users'");
        Assert.Equal(group!.Id, Assert.Single(found!.Value!).Id);

        await graph.Groups[group.Id].Members.Ref.PostAsync(new ReferenceCreate { OdataId = $"https://graph.microsoft.com/v1.0/directoryObjects/{user}" });
        var error = await Assert.ThrowsAsync<ODataError>(() => graph.Groups[group.Id].Members.Ref.PostAsync(new ReferenceCreate { OdataId = $"https://graph.microsoft.com/v1.0/directoryObjects/{user}" }));
        Assert.Equal("One or more added object references already exist for the following modified properties: 'members'.", error.Error!.Message);

        var members = await graph.Groups[group.Id].Members.GetAsync();
        Assert.Equal(user, Assert.Single(members!.Value!).Id);
        Assert.Equal([user], Assert.Single(Server.Groups).MemberIds);

        await graph.Groups[group.Id].Members[user].Ref.DeleteAsync();
        Assert.Empty(Assert.Single(Server.Groups).MemberIds);
        await graph.Groups[group.Id].DeleteAsync();
        Assert.Empty(Server.Groups);

        error = await Assert.ThrowsAsync<ODataError>(() => graph.Groups.PostAsync(new Group { DisplayName = "Mail list", MailEnabled = true, MailNickname = "list", SecurityEnabled = false }));
        Assert.Equal(400, error.ResponseStatusCode);
    }
}
