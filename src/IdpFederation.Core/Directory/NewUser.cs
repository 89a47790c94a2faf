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

    /// <summary>
    /// Set by an import from Microsoft 365: the user has no password here yet and needs an onboarding link
    /// (<c>idpfed user onboarding-link</c>). Only for users created without <see cref="Password"/>.
    /// </summary>
    public bool NeedsOnboarding { get; init; }
}
