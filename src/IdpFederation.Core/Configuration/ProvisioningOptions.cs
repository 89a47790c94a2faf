using IdpFederation.Core.Provisioning;

namespace IdpFederation.Core.Configuration;

/// <summary>
/// Provisioning our directory into Microsoft 365 through Microsoft Graph (README "Provisioning"), one entry per
/// Microsoft 365 tenant. Nothing is written to Microsoft 365 while <see cref="Tenants"/> is empty.
/// </summary>
public sealed class ProvisioningOptions
{
    public List<ProvisioningTenantOptions> Tenants { get; set; } = [];
}

/// <summary>One tenant: how to reach it, whom to provision, which attributes we own, and what deprovisioning does.</summary>
public sealed class ProvisioningTenantOptions
{
    /// <summary>Our short name for the tenant, used in commands, reports and leases ("contoso").</summary>
    public string Name { get; set; } = "";

    /// <summary>The Entra tenant ID (a GUID) or its primary domain.</summary>
    public string TenantId { get; set; } = "";

    /// <summary>The application (client) ID of the app registration.</summary>
    public string ClientId { get; set; } = "";

    /// <summary>
    /// A file, relative to the config directory, holding the client secret. The alternative is the environment
    /// variable named by <see cref="ClientSecretVariable"/>, or a certificate; never the JSON.
    /// </summary>
    public string? ClientSecretFile { get; set; }

    /// <summary>The name of an environment variable holding the client secret.</summary>
    public string? ClientSecretVariable { get; set; }

    /// <summary>A PFX or PEM (certificate and key) file whose certificate is uploaded to the app registration.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>A file holding the PFX password, when there is one.</summary>
    public string? CertificatePasswordFile { get; set; }

    /// <summary>Graph's base URL with its version; national clouds use their own (graph.microsoft.us, microsoftgraph.chinacloudapi.cn).</summary>
    public string GraphBaseUrl { get; set; } = "https://graph.microsoft.com/v1.0";

    /// <summary>The Entra authority host; national clouds use their own (login.microsoftonline.us, login.chinacloudapi.cn).</summary>
    public string AuthorityHost { get; set; } = "https://login.microsoftonline.com/";

    /// <summary>
    /// Off asks MSAL not to check the authority against Microsoft's instance-discovery endpoint: needed for a private
    /// or test authority, which that endpoint does not know. Keep it on for the public clouds.
    /// </summary>
    public bool DisableInstanceDiscovery { get; set; }

    /// <summary>Our federated domains that belong to this tenant: only their users are provisioned into it.</summary>
    public List<string> Domains { get; set; } = [];

    /// <summary>The tenant's initial domain (contoso.onmicrosoft.com), for moving a federated UPN during a take-over.</summary>
    public string? InitialDomain { get; set; }

    /// <summary>Members of these roles exist in Microsoft 365; each role may map licence SKUs.</summary>
    public List<ProvisioningRoleOptions> Roles { get; set; } = [];

    /// <summary>How a user in several mapped roles gets licences.</summary>
    public LicenseMode LicenseMode { get; set; } = LicenseMode.AllMappedRoles;

    /// <summary>
    /// Target attribute to expression ("usageLocation": "\"AU\"", "mail": "source.upn"). Owned attributes not listed
    /// take their defaults (README "Attribute mapping").
    /// </summary>
    public Dictionary<string, string> Attributes { get; set; } = [];

    /// <summary>Hybrid Exchange: mail is mastered on-premises, so we leave it to Exchange and do not write it.</summary>
    public bool HybridExchange { get; set; }

    /// <summary>
    /// Off (the default) reports a cloud user with our UPN but another or no ImmutableID as a conflict and leaves it
    /// alone; on sets our ImmutableID on it, which changes who can sign in as that user.
    /// </summary>
    public bool OverwriteSameUpn { get; set; }

    public DeprovisioningOptions Deprovisioning { get; set; } = new();

    /// <summary>Push directory changes within seconds (the outbox worker) rather than only on runs.</summary>
    public bool LiveMode { get; set; }

    /// <summary>A full sync this often, which also repairs drift made in Microsoft 365; zero turns it off.</summary>
    public TimeSpan FullSyncInterval { get; set; } = TimeSpan.FromHours(6);

    /// <summary>Graph's documented write quota per app and tenant is 3,000 per 2 min 30 s (entra-federation.md §6.4); never above.</summary>
    public int WritesPerWindow { get; set; } = 3000;

    public TimeSpan WriteWindow { get; set; } = TimeSpan.FromSeconds(150);

    /// <summary>JSON batches in flight at once (each at most 20 requests).</summary>
    public int MaxParallelBatches { get; set; } = 4;

    public GroupExportOptions GroupExport { get; set; } = new();
}

public sealed class ProvisioningRoleOptions
{
    public string Role { get; set; } = "";

    /// <summary>SKU IDs (GUIDs) or SKU part numbers ("O365_BUSINESS_PREMIUM") to assign to the role's members.</summary>
    public List<string> Licenses { get; set; } = [];
}

public enum LicenseMode
{
    /// <summary>Licences from every mapped role the user is in.</summary>
    AllMappedRoles,

    /// <summary>Licences from the first mapped role (in configuration order) the user is in.</summary>
    FirstMatchingRole,
}

/// <summary>What happens in Microsoft 365 when a provisioned user is disabled, deleted, or leaves every provisioning role.</summary>
public sealed class DeprovisioningOptions
{
    public DeprovisioningAction UserDisabled { get; set; } = DeprovisioningAction.LeaveUnmodified;
    public DeprovisioningAction UserDeleted { get; set; } = DeprovisioningAction.LeaveUnmodified;
    public DeprovisioningAction RemovedFromRole { get; set; } = DeprovisioningAction.LeaveUnmodified;

    /// <summary>A run that would disable, unlicense or delete more than this share of provisioned users is refused without --force.</summary>
    public double MaxDeprovisionPercent { get; set; } = 10;
}

/// <summary>Roles exported to Microsoft 365 as security groups with the same members.</summary>
public sealed class GroupExportOptions
{
    public List<string> Roles { get; set; } = [];

    /// <summary>Match an existing group by display name only, or by name, type (security) and mail.</summary>
    public GroupMatch MatchBy { get; set; } = GroupMatch.Name;

    /// <summary>Remove other same-name groups that we created (tagged by us), keeping the matched one.</summary>
    public bool RemoveDuplicates { get; set; }
}

public enum GroupMatch
{
    Name,
    NameTypeAndMail,
}
