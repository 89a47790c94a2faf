namespace IdpFederation.Core.Telemetry;

/// <summary>
/// The names operators see, in one place: every meter and the activity source start with <see cref="Prefix"/>, so the
/// server subscribes to them all with one wildcard (and picks up any meter a later component adds under it).
/// Instrument names follow the OpenTelemetry semantic-conventions style (lower case, dot-separated namespaces, units in
/// UCUM: https://opentelemetry.io/docs/specs/semconv/general/metrics/). README "Metrics and traces" lists them with
/// the names the Prometheus exporter turns them into.
/// </summary>
public static class IdpTelemetryNames
{
    public const string Prefix = "IdpFederation.";

    /// <summary>The subscription pattern for every meter and activity source of this product.</summary>
    public const string Wildcard = Prefix + "*";

    public const string SignInMeter = Prefix + "SignIn";
    public const string PasswordsMeter = Prefix + "Passwords";
    public const string AuditMeter = Prefix + "Audit";
    public const string RedisMeter = Prefix + "Redis";
    public const string SigningMeter = Prefix + "Signing";

    /// <summary>One span per pass of a sign-in through the orchestrator, the login page or an MFA page.</summary>
    public const string SignInActivitySource = Prefix + "SignIn";

    public const string SignIns = "idpfed.signins";
    public const string TokenIssueDuration = "idpfed.token.issue.duration";
    public const string PolicyDecisions = "idpfed.policy.decisions";
    public const string MfaOutcomes = "idpfed.mfa.outcomes";
    public const string Lockouts = "idpfed.lockouts";
    public const string PasswordHashQueueTime = "idpfed.password.hash.queue_time";
    public const string PasswordHashRejections = "idpfed.password.hash.rejections";
    public const string AuditQueueDepth = "idpfed.audit.queue.depth";
    public const string RedisDuration = "idpfed.redis.duration";
    public const string RedisErrors = "idpfed.redis.errors";
    public const string SigningCertificateExpiry = "idpfed.signing.certificate.expiry";
}
