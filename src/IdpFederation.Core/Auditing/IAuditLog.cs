namespace IdpFederation.Core.Auditing;

public interface IAuditLog
{
    Task WriteAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default);

    /// <summary>Writes a batch; stores that can commit many rows at once override this.</summary>
    async Task WriteManyAsync(IReadOnlyList<AuditEvent> auditEvents, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(auditEvents);
        foreach (var auditEvent in auditEvents)
        {
            await WriteAsync(auditEvent, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Newest first.</summary>
    Task<IReadOnlyList<AuditEvent>> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default);
}

public sealed record AuditQuery
{
    /// <summary>Matches the typed username case-insensitively.</summary>
    public string? Username { get; init; }
    public DateTimeOffset? Since { get; init; }
    public int Limit { get; init; } = 100;
}
