using IdpFederation.Core.Provisioning;
using Microsoft.EntityFrameworkCore;

namespace IdpFederation.Infrastructure.Persistence.Provisioning;

/// <summary>
/// The ledger of provisioned users and the per-tenant values. Writes are single upserts, so a resumed run that records
/// the same user again updates its row instead of failing on the key.
/// </summary>
public sealed class EfProvisionedUserLedger : IProvisionedUserLedger
{
    private readonly IdpDbContextFactory _contexts;

    public EfProvisionedUserLedger(IdpDbContextFactory contexts) => _contexts = contexts;

    public async Task<IReadOnlyList<ProvisionedUser>> ListAsync(string tenant, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        await using var context = _contexts.CreateDbContext();
        var rows = await context.ProvisionedUsers.AsNoTracking()
            .Where(u => u.Tenant == tenant)
            .OrderBy(u => u.ImmutableId)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return rows.Select(u => new ProvisionedUser
        {
            ImmutableId = u.ImmutableId,
            CloudId = u.CloudId,
            UserPrincipalName = u.UserPrincipalName,
            AssignedSkuIds = SkuList.Parse(u.AssignedSkuIds),
        }).ToList();
    }

    public async Task UpsertAsync(string tenant, ProvisionedUser user, CancellationToken cancellationToken = default)
    {
        ProvisioningInput.RequireTenant(tenant);
        ArgumentNullException.ThrowIfNull(user);
        ProvisioningInput.RequireText(user.ImmutableId, "ImmutableId", ColumnLimits.ImmutableId);
        ProvisioningInput.RequireText(user.CloudId, "CloudId", ColumnLimits.CloudId);
        ProvisioningInput.RequireText(user.UserPrincipalName, "UserPrincipalName", ColumnLimits.UserPrincipalName);
        var skus = SkuList.Format(user.AssignedSkuIds);
        await using var context = _contexts.CreateDbContext();
        await context.Database.ExecuteSqlAsync($"""
            INSERT INTO provisioned_users (tenant, immutable_id, cloud_id, user_principal_name, assigned_sku_ids)
            VALUES ({tenant}, {user.ImmutableId}, {user.CloudId}, {user.UserPrincipalName}, {skus})
            ON CONFLICT (tenant, immutable_id) DO UPDATE SET cloud_id = excluded.cloud_id,
                user_principal_name = excluded.user_principal_name, assigned_sku_ids = excluded.assigned_sku_ids
            """, cancellationToken).ConfigureAwait(false);
    }

    public async Task RemoveAsync(string tenant, string immutableId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(immutableId);
        await using var context = _contexts.CreateDbContext();
        await context.ProvisionedUsers.Where(u => u.Tenant == tenant && u.ImmutableId == immutableId)
            .ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<string?> GetValueAsync(string tenant, string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(key);
        await using var context = _contexts.CreateDbContext();
        return await context.ProvisioningValues.AsNoTracking()
            .Where(v => v.Tenant == tenant && v.Key == key)
            .Select(v => v.Value)
            .SingleOrDefaultAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A null <paramref name="value"/> removes the key (a delta link that must not be reused).</summary>
    public async Task SetValueAsync(string tenant, string key, string? value, CancellationToken cancellationToken = default)
    {
        ProvisioningInput.RequireTenant(tenant);
        ProvisioningInput.RequireText(key, nameof(key), ColumnLimits.ProvisioningValueKey);
        await using var context = _contexts.CreateDbContext();
        if (value is null)
        {
            await context.ProvisioningValues.Where(v => v.Tenant == tenant && v.Key == key)
                .ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        await context.Database.ExecuteSqlAsync($"""
            INSERT INTO provisioning_values (tenant, key, value) VALUES ({tenant}, {key}, {value})
            ON CONFLICT (tenant, key) DO UPDATE SET value = excluded.value
            """, cancellationToken).ConfigureAwait(false);
    }
}
