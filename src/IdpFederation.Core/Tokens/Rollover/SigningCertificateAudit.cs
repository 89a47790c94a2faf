using System.Text.Json;
using IdpFederation.Core.Auditing;

namespace IdpFederation.Core.Tokens.Rollover;

/// <summary>The audit record of a certificate change: who (Username), what (Reason) and which certificates (Details).</summary>
public static class SigningCertificateAudit
{
    public const string WorkerActor = "rollover-worker";

    public const string Generated = "generated";
    public const string Imported = "imported";
    public const string Replaced = "replaced";
    public const string Pushed = "pushed";
    public const string Promoted = "promoted";

    public static AuditEvent Create(DateTimeOffset now, string actor, string reason, object details, bool success = true) => new()
    {
        Timestamp = now,
        EventType = AuditEventTypes.SigningCertificate,
        Username = actor,
        Outcome = success ? AuditOutcomes.Success : AuditOutcomes.Failure,
        Reason = reason,
        Details = JsonSerializer.Serialize(details),
    };
}
