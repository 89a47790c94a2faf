namespace IdpFederation.Infrastructure.Persistence.Entities;

/// <summary>
/// One onboarding link (onboarding_tokens): only the SHA-256 of the token is stored, so a copy of the database cannot
/// be used to set anyone's password. Deleting the user deletes its links (cascade).
/// </summary>
public sealed class OnboardingTokenEntity
{
    /// <summary>Lower-case hex SHA-256 of the token's UTF-8 bytes; the key the redeeming UPDATE matches on.</summary>
    public string TokenHash { get; set; } = "";

    public Guid UserId { get; set; }
    public UserEntity? User { get; set; }
    public DateTime CreatedAtUtc { get; set; }
    public DateTime ExpiresAtUtc { get; set; }

    /// <summary>UTC; set exactly once, by the redeem that won.</summary>
    public DateTime? UsedAtUtc { get; set; }
}
