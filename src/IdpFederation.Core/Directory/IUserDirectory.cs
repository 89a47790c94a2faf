namespace IdpFederation.Core.Directory;

/// <summary>
/// The user and role store. Failures a caller can fix (duplicate UPN, unknown user, bad ImmutableID,
/// UPN outside the federated domains) throw <see cref="DirectoryException"/> with a one-line reason.
/// </summary>
public interface IUserDirectory
{
    Task<DirectoryUser?> FindByUpnAsync(string userPrincipalName, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<DirectoryUser>> ListAsync(CancellationToken cancellationToken = default);

    Task<DirectoryUser> CreateAsync(NewUser user, CancellationToken cancellationToken = default);

    /// <summary>Replaces the stored hash; also used to upgrade a hash after a sign-in with weaker parameters.</summary>
    Task SetPasswordHashAsync(string userPrincipalName, string passwordHash, CancellationToken cancellationToken = default);

    Task SetEnabledAsync(string userPrincipalName, bool enabled, CancellationToken cancellationToken = default);

    Task DeleteAsync(string userPrincipalName, CancellationToken cancellationToken = default);

    /// <summary>Role names with their member UPNs.</summary>
    Task<IReadOnlyList<RoleInfo>> ListRolesAsync(CancellationToken cancellationToken = default);

    /// <summary>Creates the role when it does not exist yet.</summary>
    Task AddRoleMemberAsync(string role, string userPrincipalName, CancellationToken cancellationToken = default);

    Task RemoveRoleMemberAsync(string role, string userPrincipalName, CancellationToken cancellationToken = default);
}

public sealed record RoleInfo(string Name, IReadOnlyList<string> Members);
