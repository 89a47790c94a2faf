using IdpFederation.Core.Provisioning;
using Microsoft.EntityFrameworkCore;

namespace IdpFederation.Infrastructure.Persistence.Provisioning;

/// <summary>
/// Named leases in the directory database, so every instance that shares it agrees on one holder. Acquiring and renewing
/// are one upsert each: SQLite (3.24+) and PostgreSQL (9.5+) both run INSERT ... ON CONFLICT DO UPDATE ... WHERE
/// atomically, and report one affected row only when the row was inserted or the WHERE let the update through.
/// </summary>
public sealed class EfProvisioningLease : IProvisioningLease
{
    private readonly IdpDbContextFactory _contexts;
    private readonly TimeProvider _time;

    public EfProvisioningLease(IdpDbContextFactory contexts, TimeProvider time)
    {
        _contexts = contexts;
        _time = time;
    }

    public async Task<bool> TryAcquireAsync(string name, string holder, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        ProvisioningInput.RequireText(name, nameof(name), ColumnLimits.LeaseName);
        ProvisioningInput.RequireText(holder, nameof(holder), ColumnLimits.LeaseHolder);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
        var now = _time.GetUtcNow().UtcDateTime;
        var expires = now + duration;
        await using var context = _contexts.CreateDbContext();
        // Taken when free, expired, or already ours (a renewal); a live lease of another holder makes the update a no-op.
        var affected = await context.Database.ExecuteSqlAsync($"""
            INSERT INTO provisioning_leases (name, holder, expires_at_utc) VALUES ({name}, {holder}, {expires})
            ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at_utc = excluded.expires_at_utc
            WHERE provisioning_leases.expires_at_utc < {now} OR provisioning_leases.holder = excluded.holder
            """, cancellationToken).ConfigureAwait(false);
        return affected == 1;
    }

    public async Task ReleaseAsync(string name, string holder, CancellationToken cancellationToken = default)
    {
        ProvisioningInput.RequireText(name, nameof(name), ColumnLimits.LeaseName);
        ProvisioningInput.RequireText(holder, nameof(holder), ColumnLimits.LeaseHolder);
        await using var context = _contexts.CreateDbContext();
        // Only our own lease: a holder whose lease expired and passed on must not free its successor's.
        await context.ProvisioningLeases.Where(l => l.Name == name && l.Holder == holder)
            .ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
    }
}
