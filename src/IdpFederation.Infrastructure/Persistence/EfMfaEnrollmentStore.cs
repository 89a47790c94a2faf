using IdpFederation.Core.Directory;
using IdpFederation.Core.Mfa;
using IdpFederation.Infrastructure.Persistence.Entities;
using Microsoft.EntityFrameworkCore;

namespace IdpFederation.Infrastructure.Persistence;

/// <summary>
/// MFA enrolments on EF Core, in the directory database: one row per user in mfa_enrollments and one per unused code
/// in mfa_recovery_codes, both removed by the database when the user is deleted (cascade). Each call uses its own
/// pooled context, so one instance serves concurrent requests.
/// </summary>
public sealed class EfMfaEnrollmentStore : IMfaEnrollmentStore
{
    private readonly IdpDbContextFactory _contexts;

    public EfMfaEnrollmentStore(IdpDbContextFactory contexts) => _contexts = contexts;

    public async Task<MfaEnrollment?> GetAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        await using var context = _contexts.CreateDbContext();
        var entity = await context.MfaEnrollments.AsNoTracking()
            .SingleOrDefaultAsync(e => e.UserId == userId, cancellationToken).ConfigureAwait(false);
        if (entity is null)
        {
            return null;
        }

        var hashes = await context.MfaRecoveryCodes.AsNoTracking()
            .Where(c => c.UserId == userId).OrderBy(c => c.Id).Select(c => c.CodeHash)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return new MfaEnrollment(entity.UserId, entity.ProtectedSeed, FromUtc(entity.CreatedAt), entity.ConfirmedAt is { } at ? FromUtc(at) : null, hashes);
    }

    public async Task<MfaEnrollment?> GetLatestConfirmedAsync(CancellationToken cancellationToken = default)
    {
        await using var context = _contexts.CreateDbContext();
        var entity = await context.MfaEnrollments.AsNoTracking().Where(e => e.ConfirmedAt != null)
            .OrderByDescending(e => e.ConfirmedAt).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return entity is null ? null
            : new MfaEnrollment(entity.UserId, entity.ProtectedSeed, FromUtc(entity.CreatedAt), FromUtc(entity.ConfirmedAt!.Value), []);
    }

    public async Task SaveAsync(MfaEnrollment enrollment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(enrollment);
        ArgumentException.ThrowIfNullOrWhiteSpace(enrollment.ProtectedSeed);
        var hashes = RequireHashes(enrollment.RecoveryCodeHashes);
        if (enrollment.ProtectedSeed.Length > ColumnLimits.MfaProtectedSeed)
        {
            throw new ArgumentException("The protected seed is longer than the column allows.", nameof(enrollment));
        }

        await using var context = _contexts.CreateDbContext();
        var transaction = await context.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            if (!await context.Users.AnyAsync(u => u.Id == enrollment.UserId, cancellationToken).ConfigureAwait(false))
            {
                throw new DirectoryException(DirectoryError.UserNotFound, $"User {enrollment.UserId} does not exist.");
            }

            var entity = await context.MfaEnrollments
                .SingleOrDefaultAsync(e => e.UserId == enrollment.UserId, cancellationToken).ConfigureAwait(false);
            if (entity is null)
            {
                entity = new MfaEnrollmentEntity { UserId = enrollment.UserId };
                context.MfaEnrollments.Add(entity);
            }

            entity.ProtectedSeed = enrollment.ProtectedSeed;
            entity.CreatedAt = enrollment.CreatedAt.UtcDateTime;
            entity.ConfirmedAt = enrollment.ConfirmedAt?.UtcDateTime;
            await ReplaceCodesAsync(context, enrollment.UserId, hashes, cancellationToken).ConfigureAwait(false);
            await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<bool> ConfirmAsync(Guid userId, DateTimeOffset confirmedAt, CancellationToken cancellationToken = default)
    {
        await using var context = _contexts.CreateDbContext();
        var utc = confirmedAt.UtcDateTime;
        var updated = await context.MfaEnrollments.Where(e => e.UserId == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.ConfirmedAt, utc), cancellationToken).ConfigureAwait(false);
        return updated > 0;
    }

    public async Task<bool> SavePendingAsync(MfaEnrollment pending, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pending);
        ArgumentException.ThrowIfNullOrWhiteSpace(pending.ProtectedSeed);
        if (pending.IsConfirmed || pending.RecoveryCodeHashes.Count > 0)
        {
            throw new ArgumentException("A pending enrolment has no confirmation and no recovery codes.", nameof(pending));
        }

        if (pending.ProtectedSeed.Length > ColumnLimits.MfaProtectedSeed)
        {
            throw new ArgumentException("The protected seed is longer than the column allows.", nameof(pending));
        }

        var created = pending.CreatedAt.UtcDateTime;
        for (var attempt = 0; ; attempt++)
        {
            await using var context = _contexts.CreateDbContext();
            // One conditional UPDATE: the database itself refuses to touch a confirmed row.
            var replaced = await context.MfaEnrollments.Where(e => e.UserId == pending.UserId && e.ConfirmedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.ProtectedSeed, pending.ProtectedSeed).SetProperty(e => e.CreatedAt, created),
                    cancellationToken).ConfigureAwait(false);
            if (replaced > 0)
            {
                return true;
            }

            if (await context.MfaEnrollments.AnyAsync(e => e.UserId == pending.UserId, cancellationToken).ConfigureAwait(false))
            {
                return false;
            }

            if (!await context.Users.AnyAsync(u => u.Id == pending.UserId, cancellationToken).ConfigureAwait(false))
            {
                throw new DirectoryException(DirectoryError.UserNotFound, $"User {pending.UserId} does not exist.");
            }

            context.MfaEnrollments.Add(new MfaEnrollmentEntity { UserId = pending.UserId, ProtectedSeed = pending.ProtectedSeed, CreatedAt = created });
            try
            {
                await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (DbUpdateException) when (attempt == 0)
            {
                // Another sign-in inserted the row first; decide again against what it wrote.
            }
        }
    }

    public async Task<bool> ConfirmPendingAsync(Guid userId, string pendingSeed, string confirmedSeed, IReadOnlyList<string> codeHashes,
        DateTimeOffset confirmedAt, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pendingSeed);
        ArgumentException.ThrowIfNullOrWhiteSpace(confirmedSeed);
        var hashes = RequireHashes(codeHashes);
        var utc = confirmedAt.UtcDateTime;
        await using var context = _contexts.CreateDbContext();
        var transaction = await context.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            // The compare-and-set: only the unconfirmed row still holding the seed the code was checked against.
            var updated = await context.MfaEnrollments.Where(e => e.UserId == userId && e.ConfirmedAt == null && e.ProtectedSeed == pendingSeed)
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.ProtectedSeed, confirmedSeed).SetProperty(e => e.ConfirmedAt, utc), cancellationToken)
                .ConfigureAwait(false);
            if (updated == 0)
            {
                return false;
            }

            await ReplaceCodesAsync(context, userId, hashes, cancellationToken).ConfigureAwait(false);
            await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
    }

    public async Task<bool> ReplaceRecoveryCodesAsync(Guid userId, IReadOnlyList<string> codeHashes, CancellationToken cancellationToken = default)
    {
        var hashes = RequireHashes(codeHashes);
        await using var context = _contexts.CreateDbContext();
        var transaction = await context.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            if (!await context.MfaEnrollments.AnyAsync(e => e.UserId == userId, cancellationToken).ConfigureAwait(false))
            {
                return false;
            }

            await ReplaceCodesAsync(context, userId, hashes, cancellationToken).ConfigureAwait(false);
            await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
    }

    public async Task<bool> RemoveRecoveryCodeAsync(Guid userId, string codeHash, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(codeHash);
        await using var context = _contexts.CreateDbContext();
        // One DELETE: the database decides which of two concurrent callers removed the row, and only that one sees 1.
        var removed = await context.MfaRecoveryCodes.Where(c => c.UserId == userId && c.CodeHash == codeHash)
            .ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        return removed > 0;
    }

    public async Task<bool> DeleteAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        await using var context = _contexts.CreateDbContext();
        // The recovery codes go with it (ON DELETE CASCADE).
        var deleted = await context.MfaEnrollments.Where(e => e.UserId == userId)
            .ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        return deleted > 0;
    }

    // Within the caller's transaction: the old codes go at once, the new ones with its SaveChanges.
    private static async Task ReplaceCodesAsync(IdpDbContext context, Guid userId, IReadOnlyList<string> hashes, CancellationToken cancellationToken)
    {
        await context.MfaRecoveryCodes.Where(c => c.UserId == userId).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        context.MfaRecoveryCodes.AddRange(hashes.Select(h => new MfaRecoveryCodeEntity { UserId = userId, CodeHash = h }));
    }

    private static List<string> RequireHashes(IReadOnlyList<string> hashes)
    {
        ArgumentNullException.ThrowIfNull(hashes);
        foreach (var hash in hashes)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(hash, nameof(hashes));
            if (hash.Length > ColumnLimits.MfaRecoveryCodeHash)
            {
                throw new ArgumentException("A recovery code hash is longer than the column allows.", nameof(hashes));
            }
        }

        return [.. hashes];
    }

    /// <summary>SQLite hands DateTime back as Unspecified; every value here was written as UTC.</summary>
    private static DateTimeOffset FromUtc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
