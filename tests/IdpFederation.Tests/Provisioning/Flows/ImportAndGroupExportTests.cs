using IdpFederation.Core.Onboarding;
using IdpFederation.Core.Provisioning;
using IdpFederation.Infrastructure.Provisioning.Groups;
using IdpFederation.Infrastructure.Provisioning.Import;
using Microsoft.Extensions.DependencyInjection;

namespace IdpFederation.Tests.Provisioning.Flows;

/// <summary>The one-time import from Microsoft 365, onboarding links for imported users, and roles exported as groups.</summary>
[Trait("Kind", "Integration")]
public sealed class ImportAndGroupExportTests
{
    [Fact]
    public async Task Import_brings_users_and_groups_as_roles_marks_them_for_onboarding_and_anchors_them_in_Microsoft_365()
    {
        await using var h = await ProvisioningHarness.StartAsync();
        var withAnchor = h.Graph.SeedUser("olga@contoso.com", "Olga", immutableId: "olga-anchor", usageLocation: "AU");
        var withoutAnchor = h.Graph.SeedUser("pete@fabrikam.com", "Pete", usageLocation: "AU");
        h.Graph.SeedUser("quinn@contoso.com", "Quinn", immutableId: "quinn-anchor");
        h.Graph.SeedUser("guest_example.com#EXT#@contoso.onmicrosoft.com", "Guest");
        h.Graph.SeedGroup("Sales Team", "salesteam", withAnchor, withoutAnchor);
        await h.AddUserAsync("quinn@contoso.com");
        var importer = h.Services.GetRequiredService<CloudImporter>();
        var tenant = h.Tenant;
        tenant.Domains.Add("fabrikam.com");

        var dry = await importer.ImportAsync(tenant, groupsAsRoles: true, dryRun: true);
        Assert.Null(await h.Directory.FindByUpnAsync("olga@contoso.com"));
        Assert.Equal(RunStatus.Succeeded, dry.Status);

        var result = await importer.ImportAsync(tenant, groupsAsRoles: true, dryRun: false);

        ProvisioningHarness.AssertSucceeded(result);
        var olga = (await h.Directory.FindByUpnAsync("olga@contoso.com"))!;
        Assert.Equal("olga-anchor", olga.ImmutableId);
        Assert.True(olga.NeedsOnboarding);
        Assert.Null(olga.PasswordHash);
        Assert.Contains("Sales Team", olga.Roles);
        // Pete had no anchor: he got a new one, and Microsoft 365 now has it too (fabrikam.com is managed, set in place).
        var pete = (await h.Directory.FindByUpnAsync("pete@fabrikam.com"))!;
        Assert.Equal(pete.ImmutableId, h.Graph.FindUser(withoutAnchor)!.OnPremisesImmutableId);
        // Already here, and the guest stays cloud-only.
        Assert.Equal(3, (await h.Directory.ListAsync()).Count);
        var report = (await h.Runs.GetAsync(result.RunId))!;
        Assert.Contains(report.Items, i => i.UserPrincipalName == "quinn@contoso.com" && i.Outcome == "skipped");

        // The admin sends the imported user a one-time link; using it sets the password and ends onboarding.
        var links = h.Services.GetRequiredService<IOnboardingLinks>();
        var link = await links.IssueAsync("olga@contoso.com", TimeSpan.FromHours(72));
        var redeemed = await links.RedeemAsync(link.Token, "Correct-Horse-Battery-9");
        Assert.Equal(OnboardingOutcome.PasswordSet, redeemed.Outcome);
        Assert.False((await h.Directory.FindByUpnAsync("olga@contoso.com"))!.NeedsOnboarding);
        Assert.NotEqual(OnboardingOutcome.PasswordSet, (await links.RedeemAsync(link.Token, "Another-Horse-Battery-9")).Outcome);
    }

    [Fact]
    public async Task Exported_roles_become_security_groups_with_the_same_members_and_our_duplicates_go()
    {
        await using var h = await ProvisioningHarness.StartAsync(settings: new Dictionary<string, string?>
        {
            ["GroupExport:Roles:0"] = ProvisioningHarness.Role,
            ["GroupExport:RemoveDuplicates"] = "true",
        });
        await h.AddUserAsync("rita@contoso.com");
        await h.AddUserAsync("sam@contoso.com");
        var stranger = h.Graph.SeedUser("stranger@contoso.com", "Stranger", immutableId: "stranger-anchor");

        ProvisioningHarness.AssertSucceeded(await h.RunAsync());

        var group = Assert.Single(h.Graph.Groups, g => g.DisplayName == ProvisioningHarness.Role);
        Assert.True(group.SecurityEnabled);
        var members = group.MemberIds.Select(id => h.Graph.FindUser(id)!.UserPrincipalName).Order().ToArray();
        Assert.Equal(["rita@contoso.com", "sam@contoso.com"], members);

        // Someone adds a stranger by hand and a duplicate of our group appears; a member leaves the role.
        var duplicate = h.Graph.SeedGroup(ProvisioningHarness.Role, "Microsoft365Users", stranger);
        h.Graph.SetGroupProperty(duplicate, "description", GroupExporter.DescriptionPrefix + ProvisioningHarness.Role);
        await h.Directory.RemoveRoleMemberAsync(ProvisioningHarness.Role, "sam@contoso.com");

        ProvisioningHarness.AssertSucceeded(await h.RunAsync());

        group = Assert.Single(h.Graph.Groups, g => g.DisplayName == ProvisioningHarness.Role);
        Assert.Equal(["rita@contoso.com"], group.MemberIds.Select(id => h.Graph.FindUser(id)!.UserPrincipalName).ToArray());
    }
}
