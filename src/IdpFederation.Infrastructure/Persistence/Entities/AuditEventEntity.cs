namespace IdpFederation.Infrastructure.Persistence.Entities;

public sealed class AuditEventEntity
{
    public long Id { get; set; }

    /// <summary>UTC; stored as a plain timestamp so SQLite and PostgreSQL both sort and filter it correctly.</summary>
    public DateTime TimestampUtc { get; set; }

    public string EventType { get; set; } = "";
    public string? Username { get; set; }

    /// <summary>Upper-invariant copy of <see cref="Username"/> for case-insensitive, index-backed filtering.</summary>
    public string? NormalizedUsername { get; set; }

    public string? RelyingParty { get; set; }
    public string? ClientIp { get; set; }
    public string Outcome { get; set; } = "";
    public string? Reason { get; set; }
    public string? CorrelationId { get; set; }

    /// <summary>Compact JSON with the policy's view of the sign-in (country, decision, rules, lockout).</summary>
    public string? Details { get; set; }
}
