using System.Globalization;
using System.Text;
using IdpFederation.Core.Configuration;
using IdpFederation.Infrastructure.PowerShell;
using IdpFederation.Infrastructure.Provisioning.Verification;

namespace IdpFederation.Infrastructure.Provisioning.AppRegistration;

/// <summary>
/// `provision app-script`: the Microsoft Graph PowerShell that registers one tenant's provisioning app, grants exactly
/// the application permissions its configured features need (an app role assignment to the app's service principal
/// is admin consent), assigns the directory role federation needs, and adds the credential. It holds no secret:
/// a secret is created by Entra while the script runs and goes to a file, never to the screen.
/// </summary>
public static partial class AppRegistrationScript
{
    /// <summary>Microsoft Graph's application ID, the same in every tenant and cloud.</summary>
    public const string GraphAppId = "00000003-0000-0000-c000-000000000000";

    public static string Write(ProvisioningTenantOptions tenant, AppScriptCredential credential, DateTimeOffset generatedAt, bool importGroups = false)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(credential);
        var permissions = GraphPermissionCatalog.For(tenant, importGroups);
        var federation = tenant.Domains.Count > 0;
        var s = new StringBuilder();
        Header(s, tenant, generatedAt, federation);
        Connect(s, tenant, federation);
        Registration(s, tenant);
        Permissions(s, permissions);
        if (federation)
        {
            DirectoryRole(s);
        }

        Credential(s, tenant, credential);
        Summary(s, tenant, credential);
        return s.ToString();
    }

    private static void Header(StringBuilder s, ProvisioningTenantOptions tenant, DateTimeOffset generatedAt, bool federation)
    {
        s.AppendLine(CultureInfo.InvariantCulture, $"# Registers the IdpFederation provisioning app for the tenant '{Comment(tenant.Name)}' (Idp:Provisioning:Tenants).");
        s.AppendLine(CultureInfo.InvariantCulture, $"# Written by idpfed provision app-script on {generatedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC. It holds no secret.");
        s.AppendLine("#");
        s.AppendLine("# Run it in PowerShell 7 with the Microsoft Graph PowerShell SDK (Install-Module Microsoft.Graph -Scope CurrentUser),");
        s.AppendLine("# signed in as a Privileged Role Administrator or Global Administrator: only they can grant application");
        s.AppendLine(federation
            ? "# permissions (admin consent) and assign directory roles. Then run: idpfed provision verify"
            : "# permissions (admin consent). Then run: idpfed provision verify");
        s.AppendLine("#Requires -Version 7.0");
        s.AppendLine("#Requires -Modules Microsoft.Graph.Authentication, Microsoft.Graph.Applications");
        if (federation)
        {
            s.AppendLine("#Requires -Modules Microsoft.Graph.Identity.Governance");
        }

        s.AppendLine("$ErrorActionPreference = 'Stop'");
        s.AppendLine();
    }

    private static void Connect(StringBuilder s, ProvisioningTenantOptions tenant, bool federation)
    {
        // The delegated scopes the person running the script needs, and no more.
        s.AppendLine("# Application.ReadWrite.All: create the app and its service principal, and add the credential.");
        s.AppendLine("# AppRoleAssignment.ReadWrite.All: grant Microsoft Graph's application permissions to the app (admin consent).");
        var scopes = "'Application.ReadWrite.All', 'AppRoleAssignment.ReadWrite.All'";
        if (federation)
        {
            s.AppendLine("# RoleManagement.ReadWrite.Directory: assign the app the directory role that federation needs.");
            scopes += ", 'RoleManagement.ReadWrite.Directory'";
        }

        var tenantId = string.IsNullOrWhiteSpace(tenant.TenantId) ? "" : $"-TenantId {Quote(tenant.TenantId)} ";
        var cloud = Environment(tenant.GraphBaseUrl) is { } name ? $" -Environment {name}" : "";
        s.AppendLine(CultureInfo.InvariantCulture, $"Connect-MgGraph {tenantId}-Scopes {scopes}{cloud} -NoWelcome");
        s.AppendLine();
    }

    private static void Registration(StringBuilder s, ProvisioningTenantOptions tenant)
    {
        s.AppendLine("# A single-tenant app with no redirect URI: it signs in only as itself (client credentials).");
        s.AppendLine(CultureInfo.InvariantCulture, $"$app = New-MgApplication -DisplayName {Quote($"IdpFederation provisioning ({tenant.Name})")} -SignInAudience 'AzureADMyOrg'");
        s.AppendLine("$sp = New-MgServicePrincipal -AppId $app.AppId");
        s.AppendLine("# A new service principal takes a moment to replicate: wait until Graph returns it before granting anything.");
        s.AppendLine("for ($i = 1; -not (Get-MgServicePrincipal -ServicePrincipalId $sp.Id -ErrorAction SilentlyContinue); $i++) {");
        s.AppendLine("    if ($i -ge 30) { throw 'The new service principal did not appear within a minute; run the rest of the script again.' }");
        s.AppendLine("    Start-Sleep -Seconds 2");
        s.AppendLine("}");
        s.AppendLine();
    }

    private static void Permissions(StringBuilder s, IReadOnlyList<PermissionRequirement> permissions)
    {
        s.AppendLine("# Microsoft Graph's service principal in this tenant; app role IDs are looked up by value, not hard-coded.");
        s.AppendLine(CultureInfo.InvariantCulture, $"$graph = Get-MgServicePrincipal -Filter \"appId eq '{GraphAppId}'\"");
        s.AppendLine("function Grant-GraphPermission([string] $Permission) {");
        s.AppendLine("    $role = $graph.AppRoles | Where-Object { $_.Value -eq $Permission -and $_.AllowedMemberTypes -contains 'Application' }");
        s.AppendLine("    if (-not $role) { throw \"Microsoft Graph has no application permission '$Permission' in this cloud.\" }");
        s.AppendLine("    # An app role assignment to the app's service principal is the admin consent for that permission.");
        s.AppendLine("    New-MgServicePrincipalAppRoleAssignment -ServicePrincipalId $sp.Id -PrincipalId $sp.Id -ResourceId $graph.Id -AppRoleId $role.Id | Out-Null");
        s.AppendLine("    Write-Host \"Granted $Permission\"");
        s.AppendLine("}");
        s.AppendLine();
        s.AppendLine("# The application permissions, least privilege for each configured feature.");
        foreach (var permission in permissions.GroupBy(p => p.Permission))
        {
            var why = string.Join("; ", permission.Select(p => $"{p.Feature}: {p.Why}"));
            s.AppendLine(CultureInfo.InvariantCulture, $"Grant-GraphPermission {Quote(permission.Key)}  # {Comment(why)}");
        }

        s.AppendLine();
    }

    private static void DirectoryRole(StringBuilder s)
    {
        s.AppendLine(CultureInfo.InvariantCulture, $"# Directory role: {GraphPermissionCatalog.FederationRoleName}. Graph documents four roles for writing a domain's");
        s.AppendLine("# internalDomainFederation: Domain Name Administrator (which can also add and remove domains), Security Administrator");
        s.AppendLine("# (which also runs security policy), External Identity Provider Administrator (made for B2B and customer identity");
        s.AppendLine("# providers) and Hybrid Identity Administrator, the one made for federation and directory synchronisation settings,");
        s.AppendLine("# so it is the narrowest fit. It is also a privileged role, which Graph asks for before it changes sensitive");
        s.AppendLine("# properties such as onPremisesImmutableId on users who hold admin roles (\"Who can perform sensitive actions\").");
        s.AppendLine(CultureInfo.InvariantCulture, $"$roleDefinition = Get-MgRoleManagementDirectoryRoleDefinition -UnifiedRoleDefinitionId '{GraphPermissionCatalog.FederationRoleTemplateId}'  # a built-in role's ID is its template ID");
        s.AppendLine("New-MgRoleManagementDirectoryRoleAssignment -PrincipalId $sp.Id -RoleDefinitionId $roleDefinition.Id -DirectoryScopeId '/' | Out-Null");
        s.AppendLine(CultureInfo.InvariantCulture, $"Write-Host 'Assigned the {GraphPermissionCatalog.FederationRoleName} role'");
        s.AppendLine();
    }

    /// <summary>Connect-MgGraph's -Environment for a national cloud's Graph host; null for Global.</summary>
    internal static string? Environment(string graphBaseUrl) => PowerShellText.GraphEnvironment(graphBaseUrl);

    /// <summary>A PowerShell single-quoted string: nothing inside is expanded, and a quote is doubled.</summary>
    internal static string Quote(string value) => PowerShellText.Quote(value);

    /// <summary>Text for a # comment, on one line.</summary>
    private static string Comment(string value) => PowerShellText.Comment(value);
}
