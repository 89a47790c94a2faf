namespace IdpFederation.Core.Directory;

/// <summary>What an administrator supplies to create a user.</summary>
public sealed record NewUser
{
    public required string UserPrincipalName { get; init; }
    public string? DisplayName { get; init; }
    public string? Password { get; init; }

    /// <summary>Given on import; generated when null.</summary>
    public string? ImmutableId { get; init; }

    public string? UsageLocation { get; init; }
    public IReadOnlyList<string> Roles { get; init; } = [];
}
