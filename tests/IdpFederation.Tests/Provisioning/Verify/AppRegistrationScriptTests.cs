using System.Text.RegularExpressions;
using IdpFederation.Core.Configuration;
using IdpFederation.Infrastructure.Provisioning.AppRegistration;

namespace IdpFederation.Tests.Provisioning.Verify;

[Trait("Kind", "Unit")]
public sealed partial class AppRegistrationScriptTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 20, 0, 0, TimeSpan.Zero);

    private static ProvisioningTenantOptions Tenant(Action<ProvisioningTenantOptions>? configure = null)
    {
        var tenant = new ProvisioningTenantOptions
        {
            Name = "contoso",
            TenantId = "7f3c1f1e-9a7e-4c39-9a43-2b8f0f3c1d10",
            ClientId = "3b1f6a53-8a1c-4f6f-9d0e-1a2b3c4d5e6f",
            Roles = [new ProvisioningRoleOptions { Role = "Microsoft 365 Email Integration Users" }],
        };
        configure?.Invoke(tenant);
        return tenant;
    }

    private static string Script(ProvisioningTenantOptions tenant, bool importGroups = false) =>
        AppRegistrationScript.Write(tenant, new AppScriptCredential.Secret("/etc/idpfed/contoso.secret"), Now, importGroups);

    /// <summary>Permission name to the comment on its Grant-GraphPermission line.</summary>
    private static Dictionary<string, string> Grants(string script) =>
        GrantLine().Matches(script).ToDictionary(m => m.Groups["permission"].Value, m => m.Groups["comment"].Value);

    [GeneratedRegex(@"^Grant-GraphPermission '(?<permission>[^']+)'\s+# (?<comment>.+)$", RegexOptions.Multiline)]
    private static partial Regex GrantLine();

    [Fact]
    public void Plain_provisioning_asks_for_users_domains_and_organization_only()
    {
        var script = Script(Tenant());

        Assert.Equal(["Domain.Read.All", "Organization.Read.All", "User.ReadWrite.All"], Grants(script).Keys.Order(StringComparer.Ordinal));
        Assert.DoesNotContain("New-MgRoleManagementDirectoryRoleAssignment", script, StringComparison.Ordinal);
        Assert.DoesNotContain("RoleManagement.ReadWrite.Directory", script, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_permission_line_names_the_feature_that_needs_it()
    {
        var grants = Grants(Script(Tenant(t => t.GroupExport.Roles = ["Staff"]), importGroups: true));

        Assert.Contains("provisioning users", grants["User.ReadWrite.All"], StringComparison.Ordinal);
        Assert.Contains("reading domains", grants["Domain.Read.All"], StringComparison.Ordinal);
        Assert.Contains("directory sync", grants["Organization.Read.All"], StringComparison.Ordinal);
        Assert.Contains("group export", grants["Group.Create"], StringComparison.Ordinal);
        Assert.Contains("group export", grants["GroupMember.ReadWrite.All"], StringComparison.Ordinal);
        Assert.Contains("import groups", grants["GroupMember.Read.All"], StringComparison.Ordinal);
    }

    [Fact]
    public void Licence_mapping_adds_no_permission_beyond_organization_read()
    {
        var grants = Grants(Script(Tenant(t => t.Roles[0].Licenses = ["O365_BUSINESS_PREMIUM"])));

        Assert.Equal(3, grants.Count);
        Assert.Contains("licences", grants["Organization.Read.All"], StringComparison.Ordinal);
        Assert.DoesNotContain("LicenseAssignment", string.Join(" ", grants.Keys), StringComparison.Ordinal);
    }

    [Fact]
    public void Group_export_asks_for_create_and_membership_and_delete_only_when_removing_duplicates()
    {
        var withoutCleanup = Grants(Script(Tenant(t => t.GroupExport.Roles = ["Staff"])));
        var withCleanup = Grants(Script(Tenant(t => t.GroupExport = new GroupExportOptions { Roles = ["Staff"], RemoveDuplicates = true })));

        Assert.Contains("Group.Create", withoutCleanup.Keys);
        Assert.Contains("GroupMember.ReadWrite.All", withoutCleanup.Keys);
        Assert.DoesNotContain("Group.ReadWrite.All", withoutCleanup.Keys);
        Assert.Contains("Group.ReadWrite.All", withCleanup.Keys);
        Assert.DoesNotContain("Group.Create", withCleanup.Keys);
        Assert.DoesNotContain("GroupMember.Read.All", withoutCleanup.Keys);
    }

    [Fact]
    public void Federated_domains_add_the_federation_permission_and_the_hybrid_identity_role()
    {
        var script = Script(Tenant(t => t.Domains = ["contoso.com"]));

        Assert.Contains("Domain-InternalFederation.ReadWrite.All", Grants(script).Keys);
        Assert.Contains("-UnifiedRoleDefinitionId '8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2'", script, StringComparison.Ordinal);
        Assert.Contains("New-MgRoleManagementDirectoryRoleAssignment -PrincipalId $sp.Id", script, StringComparison.Ordinal);
        Assert.Contains("'RoleManagement.ReadWrite.Directory'", script, StringComparison.Ordinal);
    }

    [Fact]
    public void App_roles_are_resolved_by_value_from_graphs_service_principal()
    {
        var script = Script(Tenant());

        Assert.Contains("Get-MgServicePrincipal -Filter \"appId eq '00000003-0000-0000-c000-000000000000'\"", script, StringComparison.Ordinal);
        Assert.Contains("Where-Object { $_.Value -eq $Permission", script, StringComparison.Ordinal);
        Assert.Contains("New-MgServicePrincipalAppRoleAssignment -ServicePrincipalId $sp.Id -PrincipalId $sp.Id -ResourceId $graph.Id -AppRoleId $role.Id", script, StringComparison.Ordinal);
        // No app role GUID is written into the script: the only GUIDs are Graph's app ID and the tenant's own IDs.
        var guids = GuidPattern().Matches(script).Select(m => m.Value).Distinct().ToList();
        Assert.Equal(["7f3c1f1e-9a7e-4c39-9a43-2b8f0f3c1d10", "00000003-0000-0000-c000-000000000000"], guids);
    }

    [GeneratedRegex(@"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex GuidPattern();

    [Fact]
    public void Secret_is_made_at_run_time_and_written_to_the_configured_file()
    {
        var script = Script(Tenant());

        Assert.Contains("Add-MgApplicationPassword -ApplicationId $app.Id", script, StringComparison.Ordinal);
        Assert.Contains("$secretFile = '/etc/idpfed/contoso.secret'", script, StringComparison.Ordinal);
        Assert.DoesNotContain("Write-Host $password", script, StringComparison.Ordinal);
        Assert.DoesNotContain("KeyCredentials", script, StringComparison.Ordinal);
        Assert.Contains("ClientSecretFile: /etc/idpfed/contoso.secret", script, StringComparison.Ordinal);
    }

    [Fact]
    public void Certificate_upload_carries_the_certificates_der_as_base64()
    {
        using var certificate = TestCertificates.Create("CN=idpfed contoso", Now.AddYears(1));
        using var publicPart = TestCertificates.PublicPart(certificate);

        var script = AppRegistrationScript.Write(Tenant(), new AppScriptCredential.Certificate(publicPart, "/etc/idpfed/app.pem"), Now);

        Assert.Contains($"Key = [Convert]::FromBase64String('{Convert.ToBase64String(certificate.RawData)}')", script, StringComparison.Ordinal);
        Assert.Contains("Update-MgApplication -ApplicationId $app.Id -KeyCredentials @($keyCredential)", script, StringComparison.Ordinal);
        Assert.DoesNotContain("Add-MgApplicationPassword", script, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", script, StringComparison.Ordinal);
    }

    [Fact]
    public void Names_are_single_quoted_so_powershell_expands_nothing()
    {
        var script = Script(Tenant(t => t.Name = "o'brien $(calc)"));

        Assert.Contains("-DisplayName 'IdpFederation provisioning (o''brien $(calc))'", script, StringComparison.Ordinal);
    }

    [Fact]
    public void Final_block_prints_the_tenant_and_client_ids()
    {
        var script = Script(Tenant());

        Assert.Contains("Write-Host \"  TenantId: $tenantId\"", script, StringComparison.Ordinal);
        Assert.Contains("Write-Host \"  ClientId: $($app.AppId)\"", script, StringComparison.Ordinal);
        Assert.Contains("Connect-MgGraph -TenantId '7f3c1f1e-9a7e-4c39-9a43-2b8f0f3c1d10' -Scopes 'Application.ReadWrite.All', 'AppRoleAssignment.ReadWrite.All' -NoWelcome", script, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://graph.microsoft.com/v1.0", "-NoWelcome")]
    [InlineData("https://graph.microsoft.us/v1.0", "-Environment USGov -NoWelcome")]
    [InlineData("https://dod-graph.microsoft.us/v1.0", "-Environment USGovDoD -NoWelcome")]
    [InlineData("https://microsoftgraph.chinacloudapi.cn/v1.0", "-Environment China -NoWelcome")]
    public void National_clouds_connect_to_their_own_environment(string graphBaseUrl, string ending)
    {
        var connect = Script(Tenant(t => t.GraphBaseUrl = graphBaseUrl)).Split('\n').Single(l => l.StartsWith("Connect-MgGraph ", StringComparison.Ordinal));

        Assert.EndsWith("'AppRoleAssignment.ReadWrite.All' " + ending, connect.TrimEnd('\r'), StringComparison.Ordinal);
    }
}
