namespace IdpFederation.Core.Provisioning;

/// <summary>
/// A user of our directory as the planner sees it. <see cref="Attributes"/> holds every source attribute the mapping
/// may read ("upn", "displayName", "immutableId", "usageLocation", ...), so the mapping never reaches into storage.
/// </summary>
public sealed record SourceUser
{
    public required Guid Id { get; init; }
    public required string UserPrincipalName { get; init; }
    public required string ImmutableId { get; init; }
    public string? DisplayName { get; init; }
    public bool Enabled { get; init; } = true;
    public string? UsageLocation { get; init; }
    public IReadOnlyList<string> Roles { get; init; } = [];
}

/// <summary>
/// A Microsoft 365 user as Graph returns it with the $select the provisioner asks for (Graph v1.0 user resource).
/// <see cref="Id"/> is Graph's object id.
/// </summary>
public sealed record CloudUser
{
    public required string Id { get; init; }
    public required string UserPrincipalName { get; init; }
    public string? OnPremisesImmutableId { get; init; }
    public string? DisplayName { get; init; }
    public string? Mail { get; init; }
    public string? UsageLocation { get; init; }
    public bool? AccountEnabled { get; init; }

    /// <summary>True when Entra Connect masters the user: its on-premises attributes are read-only in Graph.</summary>
    public bool? OnPremisesSyncEnabled { get; init; }

    public IReadOnlyList<Guid> AssignedSkuIds { get; init; } = [];
}

/// <summary>
/// One user we provisioned before, as our ledger remembers it: the planner needs it to tell "deleted here" and
/// "removed from every provisioning role" apart from "never ours", and the mass-deprovisioning guard counts them.
/// </summary>
public sealed record ProvisionedUser
{
    public required string ImmutableId { get; init; }
    public required string CloudId { get; init; }
    public required string UserPrincipalName { get; init; }

    /// <summary>The SKUs we assigned (only these are ours to remove).</summary>
    public IReadOnlyList<Guid> AssignedSkuIds { get; init; } = [];
}

/// <summary>A tenant's subscribed SKU (GET /subscribedSkus): licences can only be assigned while units are left.</summary>
public sealed record CloudSku(Guid SkuId, string SkuPartNumber, int EnabledUnits, int ConsumedUnits);
