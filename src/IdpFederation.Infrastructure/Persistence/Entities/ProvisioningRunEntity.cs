using IdpFederation.Core.Provisioning;

namespace IdpFederation.Infrastructure.Persistence.Entities;

/// <summary>One provisioning run (provisioning_runs); its per-user outcomes are <see cref="ProvisioningRunItemEntity"/> rows.</summary>
public sealed class ProvisioningRunEntity
{
    public long Id { get; set; }
    public string Tenant { get; set; } = "";
    public RunTrigger Trigger { get; set; }
    public bool DryRun { get; set; }
    public RunStatus Status { get; set; }
    public DateTime StartedAtUtc { get; set; }
    public DateTime? FinishedAtUtc { get; set; }

    /// <summary>Total time spent waiting on Graph's Retry-After, added to atomically while the run goes.</summary>
    public long ThrottleWaitMs { get; set; }

    public string? Message { get; set; }

    public List<ProvisioningRunItemEntity> Items { get; set; } = [];
}
