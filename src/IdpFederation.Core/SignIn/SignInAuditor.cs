using IdpFederation.Core.Auditing;
using IdpFederation.Core.Telemetry;

namespace IdpFederation.Core.SignIn;

/// <summary>Writes one audit record per sign-in outcome; callers pass the username as typed, never the password.</summary>
public sealed class SignInAuditor
{
    private readonly IAuditLog _log;
    private readonly TimeProvider _time;
    private readonly SignInMetrics _metrics;

    public SignInAuditor(IAuditLog log, TimeProvider time, SignInMetrics? metrics = null)
    {
        _metrics = metrics ?? SignInMetrics.Unobserved;
        _log = log;
        _time = time;
    }

    public Task SucceededAsync(string? username, string? realm, string? clientIp, string reason, string? correlationId, string? details = null, CancellationToken cancellationToken = default) =>
        WriteAsync(AuditEventTypes.SignIn, AuditOutcomes.Success, username, realm, clientIp, reason, correlationId, details, cancellationToken);

    public Task FailedAsync(string? username, string? realm, string? clientIp, string reason, string? correlationId, string? details = null, CancellationToken cancellationToken = default) =>
        WriteAsync(AuditEventTypes.SignIn, AuditOutcomes.Failure, username, realm, clientIp, reason, correlationId, details, cancellationToken);

    public Task SignedOutAsync(string? username, string? clientIp, string? correlationId, CancellationToken cancellationToken = default) =>
        WriteAsync(AuditEventTypes.SignOut, AuditOutcomes.Success, username, null, clientIp, "signed out", correlationId, null, cancellationToken);

    /// <summary>
    /// An MFA event; <paramref name="reason"/> is one of <see cref="MfaAuditReasons"/>. Every MFA outcome is audited
    /// here, wherever it was decided, so this is also where it is counted (idpfed.mfa.outcomes, by that closed set).
    /// </summary>
    public Task MfaAsync(bool success, string? username, string? realm, string? clientIp, string reason, string? correlationId, string? details = null, CancellationToken cancellationToken = default)
    {
        _metrics.RecordMfaOutcome(reason);
        return WriteAsync(AuditEventTypes.Mfa, success ? AuditOutcomes.Success : AuditOutcomes.Failure, username, realm, clientIp, reason, correlationId, details, cancellationToken);
    }

    private Task WriteAsync(string type, string outcome, string? username, string? realm, string? clientIp, string reason, string? correlationId, string? details, CancellationToken cancellationToken) =>
        _log.WriteAsync(new AuditEvent
        {
            Timestamp = _time.GetUtcNow(),
            EventType = type,
            Outcome = outcome,
            Username = Truncate(username, 256),
            RelyingParty = Truncate(realm, 1024),
            ClientIp = clientIp,
            Reason = reason,
            CorrelationId = Truncate(correlationId, 128),
            Details = Truncate(details, 2048),
        }, cancellationToken);

    private static string? Truncate(string? value, int max) => value is { Length: > 0 } && value.Length > max ? value[..max] : value;
}
