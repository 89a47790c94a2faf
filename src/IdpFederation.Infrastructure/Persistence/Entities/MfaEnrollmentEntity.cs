namespace IdpFederation.Infrastructure.Persistence.Entities;

/// <summary>One row per enrolled user; the user's id is the key, so deleting the user deletes it (cascade).</summary>
public sealed class MfaEnrollmentEntity
{
    public Guid UserId { get; set; }
    public UserEntity? User { get; set; }

    /// <summary>Data Protection output (base64url); never the seed itself.</summary>
    public string ProtectedSeed { get; set; } = "";

    /// <summary>UTC, as a plain timestamp for the same reason as <see cref="UserEntity.CreatedAtUtc"/>.</summary>
    public DateTime CreatedAt { get; set; }

    /// <summary>UTC; null until the user confirmed with a valid code.</summary>
    public DateTime? ConfirmedAt { get; set; }

    public List<MfaRecoveryCodeEntity> RecoveryCodes { get; set; } = [];
}
