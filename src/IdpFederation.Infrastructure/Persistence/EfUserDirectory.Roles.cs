using IdpFederation.Core.Directory;
using IdpFederation.Core.Provisioning;
using IdpFederation.Infrastructure.Persistence.Entities;
using Microsoft.EntityFrameworkCore;

namespace IdpFederation.Infrastructure.Persistence;

/// <summary>Roles exist while they have members: adding the first member creates one, removing the last deletes it.</summary>
public sealed partial class EfUserDirectory
{
    public async Task<IReadOnlyList<RoleInfo>> ListRolesAsync(CancellationToken cancellationToken = default)
    {
        await using var context = _contexts.CreateDbContext();
        var roles = await context.Roles.AsNoTracking()
            .OrderBy(r => r.NormalizedName)
            .Select(r => new { r.Name, Members = r.Members.Select(m => m.User!.UserPrincipalName).ToList() })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return roles.Select(r => new RoleInfo(r.Name, r.Members.Order(StringComparer.OrdinalIgnoreCase).ToList())).ToList();
    }

    public async Task AddRoleMemberAsync(string role, string userPrincipalName, CancellationToken cancellationToken = default)
    {
        var roleName = DirectoryInputRules.RequireRoleName(role);
        await using var context = _contexts.CreateDbContext();
        var user = await RequireUserAsync(context, userPrincipalName, cancellationToken).ConfigureAwait(false);
        var roleEntity = await GetOrAddRoleAsync(context, roleName, cancellationToken).ConfigureAwait(false);
        if (context.Entry(roleEntity).State != EntityState.Added
            && await context.UserRoles.AnyAsync(m => m.UserId == user.Id && m.RoleId == roleEntity.Id, cancellationToken).ConfigureAwait(false))
        {
            // Already a member: adding again is a no-op so scripts can be re-run.
            return;
        }

        context.UserRoles.Add(new UserRoleEntity { UserId = user.Id, Role = roleEntity });
        _outbox.Record(context, OutboxChange.RoleMembershipChanged, user);
        await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        PersistenceLog.RoleMembershipChanged(_logger, roleEntity.Name, user.UserPrincipalName, "added");
    }

    public async Task RemoveRoleMemberAsync(string role, string userPrincipalName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(role);
        await using var context = _contexts.CreateDbContext();
        var normalizedRole = role.Trim().ToUpperInvariant();
        var roleEntity = await context.Roles.SingleOrDefaultAsync(r => r.NormalizedName == normalizedRole, cancellationToken).ConfigureAwait(false)
            ?? throw new DirectoryException(DirectoryError.RoleNotFound, $"Role '{role.Trim()}' does not exist.");
        var user = await RequireUserAsync(context, userPrincipalName, cancellationToken).ConfigureAwait(false);
        var membership = await context.UserRoles.SingleOrDefaultAsync(m => m.UserId == user.Id && m.RoleId == roleEntity.Id, cancellationToken).ConfigureAwait(false)
            ?? throw new DirectoryException(DirectoryError.RoleMemberNotFound, $"User '{user.UserPrincipalName}' is not a member of role '{roleEntity.Name}'.");
        context.UserRoles.Remove(membership);
        _outbox.Record(context, OutboxChange.RoleMembershipChanged, user);
        await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await DeleteEmptyRolesAsync(context, cancellationToken).ConfigureAwait(false);
        PersistenceLog.RoleMembershipChanged(_logger, roleEntity.Name, user.UserPrincipalName, "removed");
    }

    private static async Task<RoleEntity> GetOrAddRoleAsync(IdpDbContext context, string roleName, CancellationToken cancellationToken)
    {
        var normalized = roleName.ToUpperInvariant();
        var existing = await context.Roles.SingleOrDefaultAsync(r => r.NormalizedName == normalized, cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            return existing;
        }

        var created = new RoleEntity { Id = Guid.NewGuid(), Name = roleName, NormalizedName = normalized };
        context.Roles.Add(created);
        return created;
    }

    private static Task<int> DeleteEmptyRolesAsync(IdpDbContext context, CancellationToken cancellationToken) =>
        context.Roles.Where(r => !r.Members.Any()).ExecuteDeleteAsync(cancellationToken);
}
