using IdpFederation.Core.Configuration;

namespace IdpFederation.Infrastructure.Provisioning.Verification;

/// <summary>
/// One feature's need for a Microsoft Graph application permission: <see cref="Permission"/> is what we ask for (the
/// least privileged one in the API pages' "Permissions" tables), <see cref="SatisfiedBy"/> every granted permission
/// that also allows the calls (a tenant set up by hand may hold a broader one).
/// </summary>
/// <param name="Optional">A missing optional permission is a warning: the feature is not built yet, or runs only on demand.</param>
public sealed record PermissionRequirement(string Feature, string Permission, IReadOnlyList<string> SatisfiedBy, string Why, bool Optional = false)
{
    public bool IsMetBy(IReadOnlySet<string> granted) => SatisfiedBy.Any(granted.Contains);
}

/// <summary>
/// Which application permissions each configured feature needs, least privilege first. The sources are the Graph v1.0
/// API pages: create user, update user and assignLicense (User.ReadWrite.All), list domains (Domain.Read.All), get
/// organization (Organization.Read.All), list subscribedSkus (LicenseAssignment.Read.All, or Organization.Read.All
/// among the higher ones), create group (Group.Create), add or remove members (GroupMember.ReadWrite.All), delete group
/// (Group.ReadWrite.All), and internalDomainFederation (Domain-InternalFederation.ReadWrite.All).
/// </summary>
public static class GraphPermissionCatalog
{
    public const string Users = "provisioning users";
    public const string Domains = "reading domains";
    public const string DirectorySync = "reading directory sync state";
    public const string Licences = "licences from role mappings";
    public const string GroupExport = "group export";
    public const string ImportGroups = "import groups as roles";
    public const string Federation = "domain federation";
    public const string DirectorySyncOff = "federation dirsync-off";
    public const string FederationMfaCheck = "federation check: MFA settings";
    public const string FederationSsprCheck = "federation check: password reset registration";
    public const string FederationAdminCheck = "federation check: Global Administrators";

    /// <summary>The directory role the app holds for federation: Hybrid Identity Administrator (built-in template ID).</summary>
    public const string FederationRoleName = "Hybrid Identity Administrator";
    public const string FederationRoleTemplateId = "8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2";

    private static readonly string[] DirectoryWrite = ["Directory.ReadWrite.All"];
    private static readonly string[] DirectoryRead = ["Directory.Read.All", "Directory.ReadWrite.All"];

    public static IReadOnlyList<PermissionRequirement> For(ProvisioningTenantOptions tenant, bool importGroups = false)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        var needs = new List<PermissionRequirement>
        {
            new(Users, "User.ReadWrite.All", ["User.ReadWrite.All", .. DirectoryWrite],
                "create, update, block and delete users (with onPremisesImmutableId), assign licences, read users and their delta"),
            new(Domains, "Domain.Read.All", ["Domain.Read.All", "Domain.ReadWrite.All", .. DirectoryRead],
                "check each domain is verified and federated before users are created on it"),
            new(DirectorySync, "Organization.Read.All", ["Organization.Read.All", "Organization.ReadWrite.All", .. DirectoryRead],
                "read organization.onPremisesSyncEnabled: Entra Connect must not master the users we provision"),
        };

        if (tenant.Roles.Any(r => r.Licenses.Count > 0))
        {
            // subscribedSkus' least privileged permission is LicenseAssignment.Read.All, but Organization.Read.All (asked
            // for above) also allows it, so asking for both would grant nothing more.
            needs.Add(new(Licences, "Organization.Read.All", ["LicenseAssignment.Read.All", "LicenseAssignment.ReadWrite.All", "Organization.Read.All", "Organization.ReadWrite.All", .. DirectoryRead],
                "read subscribedSkus to resolve SKU part numbers and free units (assignLicense itself runs under User.ReadWrite.All)"));
        }

        if (tenant.GroupExport.Roles.Count > 0)
        {
            needs.AddRange(GroupExportNeeds(tenant.GroupExport.RemoveDuplicates));
        }

        if (importGroups)
        {
            needs.Add(new(ImportGroups, "GroupMember.Read.All", ["GroupMember.Read.All", "GroupMember.ReadWrite.All", "Group.Read.All", "Group.ReadWrite.All", .. DirectoryRead],
                "list groups and their members once, to import them as roles", Optional: true));
        }

        if (tenant.Domains.Count > 0)
        {
            needs.Add(new(Federation, "Domain-InternalFederation.ReadWrite.All", ["Domain-InternalFederation.ReadWrite.All", "Domain.ReadWrite.All"],
                "create, update and revert each domain's internalDomainFederation (issuer, sign-in URLs, signing certificates); revert makes the domain Managed", Optional: true));
            needs.Add(new(DirectorySyncOff, "OnPremDirectorySynchronization.ReadWrite.All", ["OnPremDirectorySynchronization.ReadWrite.All", "Organization.ReadWrite.All", .. DirectoryWrite],
                "set organization.onPremisesSyncEnabled to false (`federation dirsync-off`), only when Entra Connect still runs", Optional: true));
            needs.Add(new(FederationMfaCheck, "Policy.Read.All", ["Policy.Read.All", "Policy.ReadWrite.ConditionalAccess"],
                "read security defaults and per-user MFA states, which would make users do MFA twice", Optional: true));
            needs.Add(new(FederationSsprCheck, "AuditLog.Read.All", ["AuditLog.Read.All", "UserAuthenticationMethod.Read.All", "UserAuthenticationMethod.ReadWrite.All"],
                "read who is registered for Microsoft's self-service password reset", Optional: true));
            needs.Add(new(FederationAdminCheck, "RoleManagement.Read.Directory", ["RoleManagement.Read.Directory", "RoleManagement.ReadWrite.Directory", .. DirectoryRead],
                "list Global Administrators, to make sure one is on a non-federated domain", Optional: true));
        }

        return needs;
    }

    private static IEnumerable<PermissionRequirement> GroupExportNeeds(bool removeDuplicates)
    {
        if (removeDuplicates)
        {
            // Deleting a group has no narrower application permission than Group.ReadWrite.All, which also creates groups
            // and changes members, so it replaces the two below.
            yield return new(GroupExport, "Group.ReadWrite.All", ["Group.ReadWrite.All", .. DirectoryWrite],
                "create security groups, set their members, and delete same-name duplicates we created (GroupExport:RemoveDuplicates)");
            yield break;
        }

        yield return new(GroupExport, "Group.Create", ["Group.Create", "Group.ReadWrite.All", .. DirectoryWrite],
            "create a security group for each exported role (named with the app as owner, so it stays manageable)");
        yield return new(GroupExport, "GroupMember.ReadWrite.All", ["GroupMember.ReadWrite.All", "Group.ReadWrite.All", .. DirectoryWrite],
            "list groups and add or remove their members");
    }
}
