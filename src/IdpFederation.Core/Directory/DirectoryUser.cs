namespace IdpFederation.Core.Directory;

/// <summary>A user as the IdP directory stores it.</summary>
public sealed record DirectoryUser
{
    public required Guid Id { get; init; }

    /// <summary>Unique, compared case-insensitively; stored as entered.</summary>
    public required string UserPrincipalName { get; init; }

    public string? DisplayName { get; init; }

    /// <summary>Self-describing hash string from <see cref="Passwords.IPasswordHasher"/>; null when no password is set.</summary>
    public string? PasswordHash { get; init; }

    /// <summary>Entra's onPremisesImmutableId; never changes after creation.</summary>
    public required string ImmutableId { get; init; }

    public bool Enabled { get; init; } = true;

    /// <summary>ISO 3166-1 alpha-2 code that Microsoft 365 licensing needs.</summary>
    public string? UsageLocation { get; init; }

    public IReadOnlyList<string> Roles { get; init; } = [];

    /// <summary>Imported without a password; cleared when a password is set (an onboarding link or the CLI).</summary>
    public bool NeedsOnboarding { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
}
