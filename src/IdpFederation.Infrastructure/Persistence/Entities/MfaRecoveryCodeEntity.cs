namespace IdpFederation.Infrastructure.Persistence.Entities;

/// <summary>One unused recovery code, as its PBKDF2 hash; the row is deleted when the code is spent.</summary>
public sealed class MfaRecoveryCodeEntity
{
    /// <summary>Database-generated, and ordering by it keeps the codes in the order they were issued.</summary>
    public long Id { get; set; }

    public Guid UserId { get; set; }
    public MfaEnrollmentEntity? Enrollment { get; set; }
    public string CodeHash { get; set; } = "";
}
