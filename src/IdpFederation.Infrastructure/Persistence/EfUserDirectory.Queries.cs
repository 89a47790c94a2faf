using IdpFederation.Core.Directory;
using IdpFederation.Infrastructure.Persistence.Entities;
using Microsoft.EntityFrameworkCore;

namespace IdpFederation.Infrastructure.Persistence;

/// <summary>Look-ups shared by the user and role operations, and the mapping from rows to <see cref="DirectoryUser"/>.</summary>
public sealed partial class EfUserDirectory
{
    private static async Task<UserEntity> RequireUserAsync(IdpDbContext context, string userPrincipalName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userPrincipalName);
        var normalized = UserPrincipalNames.Normalize(userPrincipalName);
        return await context.Users.SingleOrDefaultAsync(u => u.NormalizedUserPrincipalName == normalized, cancellationToken).ConfigureAwait(false)
            ?? throw new DirectoryException(DirectoryError.UserNotFound, $"User '{userPrincipalName.Trim()}' does not exist.");
    }

    private static async Task ThrowIfTakenAsync(IdpDbContext context, UserEntity candidate, CancellationToken cancellationToken)
    {
        if (await context.Users.AnyAsync(u => u.NormalizedUserPrincipalName == candidate.NormalizedUserPrincipalName, cancellationToken).ConfigureAwait(false))
        {
            throw new DirectoryException(DirectoryError.DuplicateUser, $"User '{candidate.UserPrincipalName}' already exists (UPNs compare case-insensitively).");
        }

        if (await context.Users.AnyAsync(u => u.ImmutableId == candidate.ImmutableId, cancellationToken).ConfigureAwait(false))
        {
            throw new DirectoryException(DirectoryError.DuplicateUser, $"ImmutableID '{candidate.ImmutableId}' is already used by another user.");
        }
    }

    private static async Task<List<DirectoryUser>> QueryUsers(IQueryable<UserEntity> users, CancellationToken cancellationToken)
    {
        var rows = await users.AsNoTracking()
            .Select(u => new { User = u, Roles = u.Roles.Select(m => m.Role!.Name).ToList() })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return rows.Select(r => ToDirectoryUser(r.User, r.Roles.Order(StringComparer.OrdinalIgnoreCase).ToList())).ToList();
    }

    private static DirectoryUser ToDirectoryUser(UserEntity user, IReadOnlyList<string> roles) => new()
    {
        Id = user.Id,
        UserPrincipalName = user.UserPrincipalName,
        DisplayName = user.DisplayName,
        PasswordHash = user.PasswordHash,
        ImmutableId = user.ImmutableId,
        Enabled = user.Enabled,
        UsageLocation = user.UsageLocation,
        Roles = roles,
        NeedsOnboarding = user.NeedsOnboarding,
        // SQLite hands DateTime back unspecified; it was written as UTC.
        CreatedAt = new DateTimeOffset(DateTime.SpecifyKind(user.CreatedAtUtc, DateTimeKind.Utc)),
    };
}
