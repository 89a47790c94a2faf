using IdpFederation.Core.Auditing;

namespace IdpFederation.Tests.CoreLayer;

/// <summary>Keeps audit events in memory, in write order.</summary>
public sealed class FakeAuditLog : IAuditLog
{
    private readonly List<AuditEvent> _events = [];

    public IReadOnlyList<AuditEvent> Events
    {
        get
        {
            lock (_events)
            {
                return [.. _events];
            }
        }
    }

    public Task WriteAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        lock (_events)
        {
            _events.Add(auditEvent);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<AuditEvent>> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        IReadOnlyList<AuditEvent> result = Events
            .Where(e => query.Username is null || string.Equals(e.Username, query.Username, StringComparison.OrdinalIgnoreCase))
            .Where(e => query.Since is null || e.Timestamp >= query.Since)
            .Reverse()
            .Take(query.Limit)
            .ToArray();
        return Task.FromResult(result);
    }
}
