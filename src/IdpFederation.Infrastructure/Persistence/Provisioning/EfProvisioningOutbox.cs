using IdpFederation.Core.Provisioning;
using Microsoft.EntityFrameworkCore;

namespace IdpFederation.Infrastructure.Persistence.Provisioning;

/// <summary>
/// The outbox on the directory database. Only the holder of the live-mode lease drains it, so reading and then
/// deleting or deferring needs no row locks: the lease is the lock.
/// </summary>
public sealed class EfProvisioningOutbox : IProvisioningOutbox
{
    private readonly IdpDbContextFactory _contexts;

    public EfProvisioningOutbox(IdpDbContextFactory contexts) => _contexts = contexts;

    public async Task<IReadOnlyList<OutboxEntry>> ListDueAsync(int max, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        var due = now.UtcDateTime;
        await using var context = _contexts.CreateDbContext();
        var rows = await context.ProvisioningOutbox.AsNoTracking()
            .Where(e => e.NotBeforeUtc <= due)
            .OrderBy(e => e.Id)
            .Take(max)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return rows.Select(e => new OutboxEntry(e.Id, e.Change, e.UserId, e.UserPrincipalName, e.ImmutableId,
            new DateTimeOffset(DateTime.SpecifyKind(e.CreatedAtUtc, DateTimeKind.Utc)), e.Attempts, e.LastError)).ToList();
    }

    public async Task CompleteAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Count == 0)
        {
            return;
        }

        var list = ids.ToList();
        await using var context = _contexts.CreateDbContext();
        await context.ProvisioningOutbox.Where(e => list.Contains(e.Id)).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task DeferAsync(long id, DateTimeOffset notBefore, string failure, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(failure);
        var until = notBefore.UtcDateTime;
        var error = ColumnLimits.Truncate(failure, ColumnLimits.OutboxError);
        await using var context = _contexts.CreateDbContext();
        await context.ProvisioningOutbox.Where(e => e.Id == id).ExecuteUpdateAsync(s => s
            .SetProperty(e => e.Attempts, e => e.Attempts + 1)
            .SetProperty(e => e.NotBeforeUtc, until)
            .SetProperty(e => e.LastError, error), cancellationToken).ConfigureAwait(false);
    }

    public async Task<int> CountAsync(CancellationToken cancellationToken = default)
    {
        await using var context = _contexts.CreateDbContext();
        return await context.ProvisioningOutbox.CountAsync(cancellationToken).ConfigureAwait(false);
    }
}
