using IdpFederation.Core.Auditing;
using IdpFederation.Infrastructure.Persistence.Entities;
using Microsoft.EntityFrameworkCore;

namespace IdpFederation.Infrastructure.Persistence;

/// <summary>The audit log in the directory database, so every node of a cluster writes to one place.</summary>
public sealed class EfAuditLog : IAuditLog
{
    /// <summary>Upper bound on one query, whatever the caller asks, so a typo cannot pull the whole table.</summary>
    public const int MaxQueryLimit = 10_000;

    private readonly IdpDbContextFactory _contexts;

    public EfAuditLog(IdpDbContextFactory contexts) => _contexts = contexts;

    public Task WriteAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default) =>
        WriteManyAsync([auditEvent], cancellationToken);

    /// <summary>One transaction for the whole batch: the buffered writer's commits cost one fsync, not one per event.</summary>
    public async Task WriteManyAsync(IReadOnlyList<AuditEvent> auditEvents, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(auditEvents);
        await using var context = _contexts.CreateDbContext();
        await AuditBatchInsert.ExecuteAsync(context, auditEvents.Select(ToEntity).ToArray(), cancellationToken).ConfigureAwait(false);
    }

    private static AuditEventEntity ToEntity(AuditEvent auditEvent)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        // Fields come from the request (the typed username, client IP); clip them to the columns so an oversized
        // value still leaves an audit record instead of failing the insert.
        var username = Clip(auditEvent.Username, ColumnLimits.AuditUsername);
        return new AuditEventEntity
        {
            TimestampUtc = auditEvent.Timestamp.UtcDateTime,
            EventType = Clip(auditEvent.EventType, ColumnLimits.AuditEventType) ?? "",
            Username = username,
            NormalizedUsername = username?.ToUpperInvariant(),
            RelyingParty = Clip(auditEvent.RelyingParty, ColumnLimits.AuditRelyingParty),
            ClientIp = Clip(auditEvent.ClientIp, ColumnLimits.AuditClientIp),
            Outcome = Clip(auditEvent.Outcome, ColumnLimits.AuditOutcome) ?? "",
            Reason = Clip(auditEvent.Reason, ColumnLimits.AuditReason),
            CorrelationId = Clip(auditEvent.CorrelationId, ColumnLimits.AuditCorrelationId),
            Details = Clip(auditEvent.Details, ColumnLimits.AuditDetails),
        };
    }

    public async Task<IReadOnlyList<AuditEvent>> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1);
        await using var context = _contexts.CreateDbContext();
        IQueryable<AuditEventEntity> events = context.AuditEvents.AsNoTracking();
        if (!string.IsNullOrEmpty(query.Username))
        {
            var normalized = query.Username.ToUpperInvariant();
            events = events.Where(e => e.NormalizedUsername == normalized);
        }

        if (query.Since is { } since)
        {
            var sinceUtc = since.UtcDateTime;
            events = events.Where(e => e.TimestampUtc >= sinceUtc);
        }

        var rows = await events
            .OrderByDescending(e => e.TimestampUtc).ThenByDescending(e => e.Id)
            .Take(Math.Min(query.Limit, MaxQueryLimit))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return rows.Select(ToAuditEvent).ToList();
    }

    private static AuditEvent ToAuditEvent(AuditEventEntity e) => new()
    {
        Timestamp = new DateTimeOffset(DateTime.SpecifyKind(e.TimestampUtc, DateTimeKind.Utc)),
        EventType = e.EventType,
        Username = e.Username,
        RelyingParty = e.RelyingParty,
        ClientIp = e.ClientIp,
        Outcome = e.Outcome,
        Reason = e.Reason,
        CorrelationId = e.CorrelationId,
        Details = e.Details,
    };

    private static string? Clip(string? value, int max) => value is null || value.Length <= max ? value : value[..max];
}
