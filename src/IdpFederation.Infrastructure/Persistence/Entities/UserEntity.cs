namespace IdpFederation.Infrastructure.Persistence.Entities;

public sealed class UserEntity
{
    public Guid Id { get; set; }

    /// <summary>As the administrator typed it; Entra compares UPNs case-insensitively, so this is for display.</summary>
    public string UserPrincipalName { get; set; } = "";

    /// <summary>Upper-invariant UPN carrying the unique index, so "Alice@" and "alice@" cannot both exist.</summary>
    public string NormalizedUserPrincipalName { get; set; } = "";

    public string? DisplayName { get; set; }
    public string? PasswordHash { get; set; }
    public string ImmutableId { get; set; } = "";
    public bool Enabled { get; set; } = true;
    public string? UsageLocation { get; set; }

    /// <summary>Imported without a password: the user must set one through an onboarding link before signing in.</summary>
    public bool NeedsOnboarding { get; set; }

    /// <summary>UTC; a plain timestamp both providers can index and order (SQLite cannot order DateTimeOffset).</summary>
    public DateTime CreatedAtUtc { get; set; }

    public List<UserRoleEntity> Roles { get; set; } = [];
}
