namespace IdpFederation.Infrastructure.Persistence.Entities;

/// <summary>A small per-tenant value (provisioning_values), such as the users delta link.</summary>
public sealed class ProvisioningValueEntity
{
    public string Tenant { get; set; } = "";
    public string Key { get; set; } = "";
    public string Value { get; set; } = "";
}
