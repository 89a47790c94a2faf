namespace IdpFederation.Core.Auditing;

/// <summary>One sign-in (or sign-out) outcome. Never holds a password or a token.</summary>
public sealed record AuditEvent
{
    public required DateTimeOffset Timestamp { get; init; }
    public required string EventType { get; init; }

    /// <summary>The username exactly as typed, which may not be a known user.</summary>
    public string? Username { get; init; }

    public string? RelyingParty { get; init; }
    public string? ClientIp { get; init; }
    public required string Outcome { get; init; }
    public string? Reason { get; init; }

    /// <summary>
    /// Compact JSON with the policy's view: country, decision, enforced rules matched, report-only matches, lockout.
    /// </summary>
    public string? Details { get; init; }

    /// <summary>Entra's client-request-id or our trace id.</summary>
    public string? CorrelationId { get; init; }
}

public static class AuditEventTypes
{
    public const string SignIn = "SignIn";
    public const string SignOut = "SignOut";

    /// <summary>Second-factor events: enrolment, codes accepted and refused, recovery codes, lockout, resets.</summary>
    public const string Mfa = "Mfa";

    /// <summary>Changes to a domain's federation in Entra and to directory sync: who ran them and what changed.</summary>
    public const string Federation = "Federation";

    /// <summary>
    /// A signing certificate created, imported, pushed to Entra or promoted. Username holds who did it (the OS user of
    /// idpfed, or "rollover-worker"), Reason what was done, Details the thumbprints.
    /// </summary>
    public const string SigningCertificate = "SigningCertificate";
}

public static class AuditOutcomes
{
    public const string Success = "Success";
    public const string Failure = "Failure";
}
