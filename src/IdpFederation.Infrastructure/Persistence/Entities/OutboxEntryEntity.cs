using IdpFederation.Core.Provisioning;

namespace IdpFederation.Infrastructure.Persistence.Entities;

/// <summary>
/// A directory change Microsoft 365 has not seen yet (provisioning_outbox). Written in the same SaveChanges as the change;
/// deleted once it is in Microsoft 365. UPN and ImmutableID are copies, so a deleted user's row still finds its cloud user.
/// </summary>
public sealed class OutboxEntryEntity
{
    /// <summary>Database-generated; ordering by it is ordering by when the change was committed.</summary>
    public long Id { get; set; }

    public OutboxChange Change { get; set; }

    /// <summary>No foreign key: the row must outlive the user it describes.</summary>
    public Guid UserId { get; set; }

    public string UserPrincipalName { get; set; } = "";
    public string ImmutableId { get; set; } = "";

    /// <summary>UTC, as a plain timestamp for the same reason as <see cref="UserEntity.CreatedAtUtc"/>.</summary>
    public DateTime CreatedAtUtc { get; set; }

    /// <summary>UTC; the worker leaves the row alone until then (backoff after a failed push).</summary>
    public DateTime NotBeforeUtc { get; set; }

    public int Attempts { get; set; }

    /// <summary>The last failure, truncated to <see cref="ColumnLimits.OutboxError"/>.</summary>
    public string? LastError { get; set; }
}
