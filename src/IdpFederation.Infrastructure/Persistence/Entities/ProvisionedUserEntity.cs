namespace IdpFederation.Infrastructure.Persistence.Entities;

/// <summary>
/// A user we provisioned into one tenant (provisioned_users), keyed by tenant and ImmutableID. Entra compares
/// ImmutableIDs case-sensitively (entra-federation.md §6.1), and so does this key: both engines' default collations
/// compare text byte for byte.
/// </summary>
public sealed class ProvisionedUserEntity
{
    public string Tenant { get; set; } = "";
    public string ImmutableId { get; set; } = "";

    /// <summary>Graph's object id of the user.</summary>
    public string CloudId { get; set; } = "";

    public string UserPrincipalName { get; set; } = "";

    /// <summary>The SKU IDs we assigned, lower-case GUIDs separated by commas; empty when none.</summary>
    public string AssignedSkuIds { get; set; } = "";
}
