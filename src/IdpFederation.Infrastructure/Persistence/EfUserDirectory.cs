using IdpFederation.Core.Directory;
using IdpFederation.Core.Domains;
using IdpFederation.Core.Passwords;
using IdpFederation.Core.Provisioning;
using IdpFederation.Infrastructure.Persistence.Entities;
using IdpFederation.Infrastructure.Persistence.Provisioning;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace IdpFederation.Infrastructure.Persistence;

/// <summary>
/// The directory on EF Core. Each call uses its own pooled context, so one instance serves concurrent requests.
/// UPNs are matched through the upper-invariant column, whose unique index also settles concurrent creates.
/// Each change Microsoft 365 must see stages its outbox row (<see cref="OutboxRecorder"/>) in the same SaveChanges.
/// </summary>
public sealed partial class EfUserDirectory : IUserDirectory
{
    private readonly IdpDbContextFactory _contexts;
    private readonly FederatedDomainCatalog _domains;
    private readonly IPasswordHasher _hasher;
    private readonly PasswordPolicy _passwordPolicy;
    private readonly TimeProvider _time;
    private readonly OutboxRecorder _outbox;
    private readonly ILogger<EfUserDirectory> _logger;

    public EfUserDirectory(IdpDbContextFactory contexts, FederatedDomainCatalog domains, IPasswordHasher hasher, PasswordPolicy passwordPolicy,
        TimeProvider time, OutboxRecorder outbox, ILogger<EfUserDirectory> logger)
    {
        _outbox = outbox;
        _contexts = contexts;
        _domains = domains;
        _hasher = hasher;
        _passwordPolicy = passwordPolicy;
        _time = time;
        _logger = logger;
    }

    public async Task<DirectoryUser?> FindByUpnAsync(string userPrincipalName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userPrincipalName);
        var normalized = UserPrincipalNames.Normalize(userPrincipalName);
        if (normalized.Length is 0 or > ColumnLimits.UserPrincipalName)
        {
            return null;
        }

        await using var context = _contexts.CreateDbContext();
        var users = await QueryUsers(context.Users.Where(u => u.NormalizedUserPrincipalName == normalized), cancellationToken).ConfigureAwait(false);
        return users.Count == 0 ? null : users[0];
    }

    public async Task<IReadOnlyList<DirectoryUser>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var context = _contexts.CreateDbContext();
        return await QueryUsers(context.Users.OrderBy(u => u.NormalizedUserPrincipalName), cancellationToken).ConfigureAwait(false);
    }

    public async Task<DirectoryUser> CreateAsync(NewUser user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        var upn = DirectoryInputRules.RequireFederatedUpn(user.UserPrincipalName, _domains);
        var immutableId = DirectoryInputRules.RequireImmutableId(user.ImmutableId);
        var entity = new UserEntity
        {
            Id = Guid.NewGuid(),
            UserPrincipalName = upn,
            NormalizedUserPrincipalName = UserPrincipalNames.Normalize(upn),
            DisplayName = DirectoryInputRules.NormalizeDisplayName(user.DisplayName),
            UsageLocation = DirectoryInputRules.NormalizeUsageLocation(user.UsageLocation),
            ImmutableId = immutableId,
            Enabled = true,
            NeedsOnboarding = user.NeedsOnboarding,
            CreatedAtUtc = _time.GetUtcNow().UtcDateTime,
        };
        var roleNames = user.Roles.Select(DirectoryInputRules.RequireRoleName).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (user.Password is not null)
        {
            if (user.NeedsOnboarding)
            {
                throw new DirectoryException(DirectoryError.InvalidAttribute, "A user created with a password cannot also need onboarding.");
            }

            entity.PasswordHash = HashAllowedPassword(user.Password, upn);
        }

        await using var context = _contexts.CreateDbContext();
        await ThrowIfTakenAsync(context, entity, cancellationToken).ConfigureAwait(false);
        foreach (var roleName in roleNames)
        {
            var role = await GetOrAddRoleAsync(context, roleName, cancellationToken).ConfigureAwait(false);
            entity.Roles.Add(new UserRoleEntity { User = entity, Role = role });
        }

        context.Users.Add(entity);
        _outbox.Record(context, OutboxChange.UserCreated, entity);
        try
        {
            await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateException)
        {
            // Lost a race with a concurrent create: the unique indexes refused the row, so say which one.
            await using var fresh = _contexts.CreateDbContext();
            await ThrowIfTakenAsync(fresh, entity, cancellationToken).ConfigureAwait(false);
            throw;
        }

        PersistenceLog.UserCreated(_logger, upn, immutableId);
        return ToDirectoryUser(entity, roleNames.Order(StringComparer.OrdinalIgnoreCase).ToList());
    }

    public async Task SetEnabledAsync(string userPrincipalName, bool enabled, CancellationToken cancellationToken = default)
    {
        await UpdateUserAsync(userPrincipalName, user =>
        {
            var changed = user.Enabled != enabled;
            user.Enabled = enabled;
            return changed ? (enabled ? OutboxChange.UserEnabled : OutboxChange.UserDisabled) : null;
        }, cancellationToken).ConfigureAwait(false);
        PersistenceLog.UserEnabledChanged(_logger, userPrincipalName, enabled ? "enabled" : "disabled");
    }

    public async Task DeleteAsync(string userPrincipalName, CancellationToken cancellationToken = default)
    {
        await using var context = _contexts.CreateDbContext();
        var user = await RequireUserAsync(context, userPrincipalName, cancellationToken).ConfigureAwait(false);
        context.Users.Remove(user);
        _outbox.Record(context, OutboxChange.UserDeleted, user);
        await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await DeleteEmptyRolesAsync(context, cancellationToken).ConfigureAwait(false);
        PersistenceLog.UserDeleted(_logger, user.UserPrincipalName);
    }

    /// <summary>Applies <paramref name="change"/>, which returns the outbox change to record, or null when nothing Microsoft 365 sees changed.</summary>
    private async Task UpdateUserAsync(string userPrincipalName, Func<UserEntity, OutboxChange?> change, CancellationToken cancellationToken)
    {
        await using var context = _contexts.CreateDbContext();
        var user = await RequireUserAsync(context, userPrincipalName, cancellationToken).ConfigureAwait(false);
        if (change(user) is { } recorded)
        {
            _outbox.Record(context, recorded, user);
        }

        await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }
}
