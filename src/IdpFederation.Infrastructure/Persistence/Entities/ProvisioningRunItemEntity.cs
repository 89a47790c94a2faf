namespace IdpFederation.Infrastructure.Persistence.Entities;

/// <summary>One user's outcome in a run (provisioning_run_items); ordered by <see cref="Id"/>, the order they were recorded.</summary>
public sealed class ProvisioningRunItemEntity
{
    public long Id { get; set; }
    public long RunId { get; set; }
    public ProvisioningRunEntity? Run { get; set; }
    public string UserPrincipalName { get; set; } = "";
    public string ImmutableId { get; set; } = "";
    public string Action { get; set; } = "";
    public string Outcome { get; set; } = "";
    public string? Detail { get; set; }
    public string? ErrorCode { get; set; }
    public string? ErrorMessage { get; set; }
    public DateTime AtUtc { get; set; }
}
