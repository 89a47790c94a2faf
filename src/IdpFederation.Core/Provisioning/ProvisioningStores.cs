namespace IdpFederation.Core.Provisioning;

/// <summary>
/// Directory changes waiting to be pushed to Microsoft 365 (architecture principle 13). Rows are written in the same
/// database transaction as the change itself, so a crash or a Graph outage delays the push but never loses it.
/// </summary>
public interface IProvisioningOutbox
{
    /// <summary>The oldest entries due now (NotBefore passed), at most <paramref name="max"/>.</summary>
    Task<IReadOnlyList<OutboxEntry>> ListDueAsync(int max, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Removes entries once their change is in Microsoft 365.</summary>
    Task CompleteAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken = default);

    /// <summary>Keeps the entry for a later attempt (Graph down, throttled), counting the attempt and keeping the error.</summary>
    Task DeferAsync(long id, DateTimeOffset notBefore, string failure, CancellationToken cancellationToken = default);

    Task<int> CountAsync(CancellationToken cancellationToken = default);
}

public enum OutboxChange
{
    UserCreated,
    UserChanged,
    UserEnabled,
    UserDisabled,
    UserDeleted,
    RoleMembershipChanged,
}

/// <summary>
/// One recorded change. The user's UPN and ImmutableID are copied in, because after a delete the user row is gone and
/// the worker still has to find the Microsoft 365 user.
/// </summary>
public sealed record OutboxEntry(long Id, OutboxChange Change, Guid UserId, string UserPrincipalName, string ImmutableId,
    DateTimeOffset CreatedAt, int Attempts, string? LastError);

/// <summary>
/// A lease that at most one holder has at a time (live-mode draining, scheduled syncs), across every instance.
/// Acquire and renew are single atomic statements; a holder that dies loses the lease when it expires.
/// </summary>
public interface IProvisioningLease
{
    Task<bool> TryAcquireAsync(string name, string holder, TimeSpan duration, CancellationToken cancellationToken = default);

    Task ReleaseAsync(string name, string holder, CancellationToken cancellationToken = default);
}

/// <summary>Which directory users we provisioned into each tenant, and small per-tenant values such as the delta link.</summary>
public interface IProvisionedUserLedger
{
    Task<IReadOnlyList<ProvisionedUser>> ListAsync(string tenant, CancellationToken cancellationToken = default);

    Task UpsertAsync(string tenant, ProvisionedUser user, CancellationToken cancellationToken = default);

    Task RemoveAsync(string tenant, string immutableId, CancellationToken cancellationToken = default);

    Task<string?> GetValueAsync(string tenant, string key, CancellationToken cancellationToken = default);

    Task SetValueAsync(string tenant, string key, string? value, CancellationToken cancellationToken = default);
}

public enum RunTrigger
{
    Manual,
    Scheduled,
    Live,
    Import,

    /// <summary>Between full syncs: only the users Microsoft 365 reports as changed (delta query) are re-planned.</summary>
    Drift,
}

public enum RunStatus
{
    Running,
    Succeeded,
    CompletedWithErrors,
    Refused,
    Failed,
}

/// <summary>Every provisioning run, with each user's outcome, for `provision status` and `provision report`.</summary>
public interface IProvisioningRunStore
{
    Task<long> StartAsync(string tenant, RunTrigger trigger, bool dryRun, DateTimeOffset startedAt, CancellationToken cancellationToken = default);

    Task RecordAsync(long runId, RunItem item, CancellationToken cancellationToken = default);

    Task AddThrottleWaitAsync(long runId, TimeSpan wait, CancellationToken cancellationToken = default);

    Task FinishAsync(long runId, RunStatus status, DateTimeOffset finishedAt, string? message, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<RunSummary>> ListAsync(int max, CancellationToken cancellationToken = default);

    Task<RunReport?> GetAsync(long runId, CancellationToken cancellationToken = default);
}

/// <param name="Action">The operation kind ("create", "update", "take-over", "licenses", "block-sign-in", "delete", "conflict", ...).</param>
/// <param name="Outcome">"done", "failed", "skipped" or "planned" (dry run).</param>
/// <param name="ErrorCode">Graph's error code ("Request_BadRequest", ...) when it failed.</param>
public sealed record RunItem(string UserPrincipalName, string ImmutableId, string Action, string Outcome, string? Detail,
    string? ErrorCode, string? ErrorMessage);

public sealed record RunSummary(long Id, string Tenant, RunTrigger Trigger, bool DryRun, RunStatus Status,
    DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, IReadOnlyDictionary<string, int> CountsByAction, int Failures,
    TimeSpan ThrottleWait, string? Message);

public sealed record RunReport(RunSummary Summary, IReadOnlyList<RunItem> Items);
