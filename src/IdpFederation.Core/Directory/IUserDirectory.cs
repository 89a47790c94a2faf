namespace IdpFederation.Core.Directory;

/// <summary>
/// The user and role store. Failures a caller can fix (duplicate UPN, unknown user, bad ImmutableID,
/// UPN outside the federated domains, a password the policy refuses) throw <see cref="DirectoryException"/> with a
/// one-line reason.
/// </summary>
/// <remarks>
/// Every way of choosing a password (<see cref="CreateAsync"/> with <see cref="NewUser.Password"/>,
/// <see cref="SetPasswordAsync"/>) goes through <see cref="Passwords.PasswordPolicy"/> inside the implementation, so no
/// caller can store a password the policy refuses. The only hash written without it is the re-hash of a password
/// that was just verified (<see cref="RehashPasswordAsync"/>), which proves the password against that hash itself.
/// The one other writer of passwords, <see cref="Onboarding.IOnboardingLinks.RedeemAsync"/>, checks the same policy
/// before hashing.
/// </remarks>
public interface IUserDirectory
{
    Task<DirectoryUser?> FindByUpnAsync(string userPrincipalName, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<DirectoryUser>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Creates the user; a <see cref="NewUser.Password"/> must pass the password policy (DirectoryError.PasswordRejected).</summary>
    Task<DirectoryUser> CreateAsync(NewUser user, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces the user's password after checking it against the password policy; a refused password throws
    /// <see cref="DirectoryException"/> (DirectoryError.PasswordRejected) and changes nothing.
    /// </summary>
    Task SetPasswordAsync(string userPrincipalName, string password, CancellationToken cancellationToken = default);

    /// <summary>
    /// Re-hashes <paramref name="password"/> with the configured, stronger parameters and stores it, only if it matches
    /// <paramref name="verifiedHash"/> and the stored hash is still that one, the one it was just checked against. Returns
    /// whether it was replaced: false when the user was deleted or their password changed meanwhile, so a sign-in
    /// that started before an administrator's reset can never put the old password back. Not for setting passwords.
    /// </summary>
    Task<bool> RehashPasswordAsync(string userPrincipalName, string verifiedHash, string password, CancellationToken cancellationToken = default);

    /// <summary>
    /// Changes the attributes Microsoft 365 receives. A null member leaves that attribute as it is; an empty display
    /// name clears it. Usage location cannot be cleared, since Graph cannot reset it either (entra-federation.md §6.1).
    /// </summary>
    Task UpdateAsync(string userPrincipalName, UserUpdate update, CancellationToken cancellationToken = default);

    Task SetEnabledAsync(string userPrincipalName, bool enabled, CancellationToken cancellationToken = default);

    Task DeleteAsync(string userPrincipalName, CancellationToken cancellationToken = default);

    /// <summary>Role names with their member UPNs.</summary>
    Task<IReadOnlyList<RoleInfo>> ListRolesAsync(CancellationToken cancellationToken = default);

    /// <summary>Creates the role when it does not exist yet.</summary>
    Task AddRoleMemberAsync(string role, string userPrincipalName, CancellationToken cancellationToken = default);

    Task RemoveRoleMemberAsync(string role, string userPrincipalName, CancellationToken cancellationToken = default);
}

/// <summary>The attributes <see cref="IUserDirectory.UpdateAsync"/> may change; null means unchanged.</summary>
public sealed record UserUpdate(string? DisplayName = null, string? UsageLocation = null);

public sealed record RoleInfo(string Name, IReadOnlyList<string> Members);
