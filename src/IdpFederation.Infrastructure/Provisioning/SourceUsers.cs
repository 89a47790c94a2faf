using IdpFederation.Core.Directory;
using IdpFederation.Core.Provisioning;

namespace IdpFederation.Infrastructure.Provisioning;

internal static class SourceUsers
{
    public static SourceUser From(DirectoryUser user) => new()
    {
        Id = user.Id,
        UserPrincipalName = user.UserPrincipalName,
        ImmutableId = user.ImmutableId,
        DisplayName = user.DisplayName,
        Enabled = user.Enabled,
        UsageLocation = user.UsageLocation,
        Roles = user.Roles,
    };
}
