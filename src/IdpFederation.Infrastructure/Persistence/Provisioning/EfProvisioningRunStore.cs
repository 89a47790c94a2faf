using IdpFederation.Core.Provisioning;
using IdpFederation.Infrastructure.Persistence.Entities;
using Microsoft.EntityFrameworkCore;

namespace IdpFederation.Infrastructure.Persistence.Provisioning;

/// <summary>
/// Runs and their per-user items. Text from Graph (messages, details) is cut to its column rather than failing the
/// record, and the throttle total is incremented in the database, so parallel batches never lose each other's waits.
/// </summary>
public sealed class EfProvisioningRunStore : IProvisioningRunStore
{
    private readonly IdpDbContextFactory _contexts;
    private readonly TimeProvider _time;

    public EfProvisioningRunStore(IdpDbContextFactory contexts, TimeProvider time)
    {
        _contexts = contexts;
        _time = time;
    }

    public async Task<long> StartAsync(string tenant, RunTrigger trigger, bool dryRun, DateTimeOffset startedAt, CancellationToken cancellationToken = default)
    {
        ProvisioningInput.RequireTenant(tenant);
        var run = new ProvisioningRunEntity
        {
            Tenant = tenant,
            Trigger = trigger,
            DryRun = dryRun,
            Status = RunStatus.Running,
            StartedAtUtc = startedAt.UtcDateTime,
        };
        await using var context = _contexts.CreateDbContext();
        context.ProvisioningRuns.Add(run);
        await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return run.Id;
    }

    public async Task RecordAsync(long runId, RunItem item, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        ProvisioningInput.RequireText(item.Action, nameof(item.Action), ColumnLimits.RunItemAction);
        ProvisioningInput.RequireText(item.Outcome, nameof(item.Outcome), ColumnLimits.RunItemOutcome);
        await using var context = _contexts.CreateDbContext();
        context.ProvisioningRunItems.Add(new ProvisioningRunItemEntity
        {
            RunId = runId,
            UserPrincipalName = ColumnLimits.Truncate(item.UserPrincipalName, ColumnLimits.UserPrincipalName) ?? "",
            ImmutableId = ColumnLimits.Truncate(item.ImmutableId, ColumnLimits.ImmutableId) ?? "",
            Action = item.Action,
            Outcome = item.Outcome,
            Detail = ColumnLimits.Truncate(item.Detail, ColumnLimits.RunItemDetail),
            ErrorCode = ColumnLimits.Truncate(item.ErrorCode, ColumnLimits.RunItemErrorCode),
            ErrorMessage = ColumnLimits.Truncate(item.ErrorMessage, ColumnLimits.RunItemErrorMessage),
            AtUtc = _time.GetUtcNow().UtcDateTime,
        });
        await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task AddThrottleWaitAsync(long runId, TimeSpan wait, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(wait, TimeSpan.Zero);
        var ms = (long)Math.Ceiling(wait.TotalMilliseconds);
        await using var context = _contexts.CreateDbContext();
        // UPDATE ... SET throttle_wait_ms = throttle_wait_ms + @ms: one statement, so concurrent adds all count.
        await context.ProvisioningRuns.Where(r => r.Id == runId)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.ThrottleWaitMs, r => r.ThrottleWaitMs + ms), cancellationToken).ConfigureAwait(false);
    }

    public async Task FinishAsync(long runId, RunStatus status, DateTimeOffset finishedAt, string? message, CancellationToken cancellationToken = default)
    {
        var finished = finishedAt.UtcDateTime;
        var text = ColumnLimits.Truncate(message, ColumnLimits.RunMessage);
        await using var context = _contexts.CreateDbContext();
        await context.ProvisioningRuns.Where(r => r.Id == runId).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.Status, status)
            .SetProperty(r => r.FinishedAtUtc, finished)
            .SetProperty(r => r.Message, text), cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<RunSummary>> ListAsync(int max, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        await using var context = _contexts.CreateDbContext();
        var runs = await context.ProvisioningRuns.AsNoTracking().OrderByDescending(r => r.Id).Take(max)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var ids = runs.Select(r => r.Id).ToList();
        var counts = await context.ProvisioningRunItems.AsNoTracking()
            .Where(i => ids.Contains(i.RunId))
            .GroupBy(i => new { i.RunId, i.Action })
            .Select(g => new RunCount(g.Key.RunId, g.Key.Action, g.Count(), g.Count(i => i.Outcome == RunOutcomes.Failed)))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var byRun = counts.ToLookup(c => c.RunId);
        return runs.Select(r => ToSummary(r, byRun[r.Id])).ToList();
    }

    public async Task<RunReport?> GetAsync(long runId, CancellationToken cancellationToken = default)
    {
        await using var context = _contexts.CreateDbContext();
        var run = await context.ProvisioningRuns.AsNoTracking().SingleOrDefaultAsync(r => r.Id == runId, cancellationToken).ConfigureAwait(false);
        if (run is null)
        {
            return null;
        }

        var items = await context.ProvisioningRunItems.AsNoTracking().Where(i => i.RunId == runId).OrderBy(i => i.Id)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var counts = items.GroupBy(i => i.Action, StringComparer.Ordinal)
            .Select(g => new RunCount(runId, g.Key, g.Count(), g.Count(i => i.Outcome == RunOutcomes.Failed)));
        var report = items.Select(i => new RunItem(i.UserPrincipalName, i.ImmutableId, i.Action, i.Outcome, i.Detail, i.ErrorCode, i.ErrorMessage)).ToList();
        return new RunReport(ToSummary(run, counts), report);
    }

    private static RunSummary ToSummary(ProvisioningRunEntity run, IEnumerable<RunCount> counts)
    {
        var list = counts.ToList();
        return new RunSummary(run.Id, run.Tenant, run.Trigger, run.DryRun, run.Status, Utc(run.StartedAtUtc),
            run.FinishedAtUtc is { } finished ? Utc(finished) : null,
            list.OrderBy(c => c.Action, StringComparer.Ordinal).ToDictionary(c => c.Action, c => c.Count, StringComparer.Ordinal),
            list.Sum(c => c.Failed), TimeSpan.FromMilliseconds(run.ThrottleWaitMs), run.Message);
    }

    // SQLite hands DateTime back unspecified; it was written as UTC.
    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    private sealed record RunCount(long RunId, string Action, int Count, int Failed);
}
