using IdpFederation.Core.Configuration;
using IdpFederation.Core.Provisioning;

namespace IdpFederation.Tests.Provisioning.Planning;

/// <summary>A tenant, a directory, Microsoft 365 and a ledger as plain lists, for planner tests.</summary>
internal sealed class PlannerScenario
{
    public static readonly Guid E3 = Guid.Parse("6fd2c87f-b296-42f0-b197-1e91e994b900");
    public static readonly Guid E5 = Guid.Parse("c7df2760-2c81-4ef7-b578-5b5392b571df");
    public static readonly Guid Visio = Guid.Parse("c5928f49-12ba-48f7-ada3-0d743a3601d5");

    public ProvisioningTenantOptions Tenant { get; } = new()
    {
        Name = "contoso",
        TenantId = "7d1c3f52-0b7a-4c2e-9a61-2f4a8c5e9b10",
        ClientId = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0",
        Domains = ["contoso.com"],
        InitialDomain = "contoso.onmicrosoft.com",
        Roles =
        [
            new() { Role = "M365 Users", Licenses = ["ENTERPRISEPACK"] },
            new() { Role = "Executives", Licenses = ["ENTERPRISEPREMIUM"] },
            new() { Role = "Mail Only" },
        ],
        Attributes = new() { ["usageLocation"] = "\"AU\"" },
    };

    public List<SourceUser> Directory { get; } = [];
    public List<CloudUser> Cloud { get; } = [];
    public List<ProvisionedUser> Ledger { get; } = [];

    public List<CloudSku> Skus { get; } =
    [
        new(E3, "ENTERPRISEPACK", 100, 10),
        new(E5, "ENTERPRISEPREMIUM", 100, 10),
        new(Visio, "VISIOCLIENT", 5, 0),
    ];

    public HashSet<string> Federated { get; } = new(StringComparer.OrdinalIgnoreCase) { "contoso.com" };

    public static SourceUser Source(string upn, string immutableId, params string[] roles) => new()
    {
        Id = Guid.NewGuid(),
        UserPrincipalName = upn,
        ImmutableId = immutableId,
        DisplayName = upn.Split('@')[0].ToUpperInvariant(),
        Roles = roles,
    };

    /// <summary>The cloud user the planner would create for <paramref name="source"/> with the scenario's mapping, licensed with E3.</summary>
    public static CloudUser InSync(SourceUser source, params Guid[] skus) => new()
    {
        Id = "cloud-" + source.ImmutableId,
        UserPrincipalName = source.UserPrincipalName,
        OnPremisesImmutableId = source.ImmutableId,
        DisplayName = source.DisplayName,
        Mail = source.UserPrincipalName,
        UsageLocation = "AU",
        AccountEnabled = source.Enabled,
        AssignedSkuIds = skus.Length == 0 ? [E3] : skus,
    };

    public static ProvisionedUser Provisioned(CloudUser cloud) => new()
    {
        ImmutableId = cloud.OnPremisesImmutableId!,
        CloudId = cloud.Id,
        UserPrincipalName = cloud.UserPrincipalName,
        AssignedSkuIds = cloud.AssignedSkuIds,
    };

    /// <summary>A member of "M365 Users", in sync in Microsoft 365 and in the ledger.</summary>
    public (SourceUser Source, CloudUser Cloud) AddProvisioned(string upn, string immutableId)
    {
        var source = Source(upn, immutableId, "M365 Users");
        var cloud = InSync(source);
        Directory.Add(source);
        Cloud.Add(cloud);
        Ledger.Add(Provisioned(cloud));
        return (source, cloud);
    }

    public ProvisioningPlan Plan() => ProvisioningPlanner.Plan(Tenant, Directory, Cloud, Ledger, Skus, Federated);
}
