namespace IdpFederation.Infrastructure.Persistence.Entities;

/// <summary>One named lease (provisioning_leases); written only by the single upsert in EfProvisioningLease.</summary>
public sealed class ProvisioningLeaseEntity
{
    public string Name { get; set; } = "";
    public string Holder { get; set; } = "";

    /// <summary>UTC; after it, any holder may take the lease over.</summary>
    public DateTime ExpiresAtUtc { get; set; }
}
