using IdpFederation.Core.Directory;

namespace IdpFederation.Cli;

/// <summary>What the CLI shows of a user: everything except the password hash, of which only its presence is told.</summary>
internal sealed record UserView(
    string UserPrincipalName,
    string? DisplayName,
    string ImmutableId,
    bool Enabled,
    string? UsageLocation,
    IReadOnlyList<string> Roles,
    bool HasPassword,
    bool NeedsOnboarding,
    DateTimeOffset CreatedAt,
    Guid Id)
{
    public static UserView From(DirectoryUser user) => new(
        user.UserPrincipalName,
        user.DisplayName,
        user.ImmutableId,
        user.Enabled,
        user.UsageLocation,
        user.Roles,
        user.PasswordHash is not null,
        user.NeedsOnboarding,
        user.CreatedAt,
        user.Id);
}
