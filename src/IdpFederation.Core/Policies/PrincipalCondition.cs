namespace IdpFederation.Core.Policies;

/// <summary>Users or roles (either listed one includes), minus excluded users and roles, which always win.</summary>
public sealed class PrincipalCondition : IRuleCondition
{
    private readonly HashSet<string> _users;
    private readonly HashSet<string> _roles;
    private readonly HashSet<string> _excludedUsers;
    private readonly HashSet<string> _excludedRoles;

    public PrincipalCondition(IEnumerable<string>? users, IEnumerable<string>? roles, IEnumerable<string>? excludedUsers, IEnumerable<string>? excludedRoles)
    {
        _users = new HashSet<string>(users ?? [], StringComparer.OrdinalIgnoreCase);
        _roles = new HashSet<string>(roles ?? [], StringComparer.OrdinalIgnoreCase);
        _excludedUsers = new HashSet<string>(excludedUsers ?? [], StringComparer.OrdinalIgnoreCase);
        _excludedRoles = new HashSet<string>(excludedRoles ?? [], StringComparer.OrdinalIgnoreCase);
    }

    public (bool Matched, string Reason) Test(PolicyContext context)
    {
        if (_excludedUsers.Contains(context.UserPrincipalName))
        {
            return (false, $"user {context.UserPrincipalName} is excluded");
        }

        if (context.Roles.FirstOrDefault(_excludedRoles.Contains) is { } excludedRole)
        {
            return (false, $"role {excludedRole} is excluded");
        }

        if (_users.Count == 0 && _roles.Count == 0)
        {
            return (true, "any user not excluded");
        }

        if (_users.Contains(context.UserPrincipalName))
        {
            return (true, $"user {context.UserPrincipalName} is listed");
        }

        return context.Roles.FirstOrDefault(_roles.Contains) is { } role
            ? (true, $"member of role {role}")
            : (false, $"user {context.UserPrincipalName} is neither listed nor in a listed role");
    }
}
