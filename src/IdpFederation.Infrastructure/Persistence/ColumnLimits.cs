namespace IdpFederation.Infrastructure.Persistence;

/// <summary>Column sizes, shared by the model and by the code that validates or truncates input to fit them.</summary>
internal static class ColumnLimits
{
    public const int UserPrincipalName = 256;
    public const int DisplayName = 256;
    public const int PasswordHash = 512;
    public const int ImmutableId = 64;
    public const int UsageLocation = 2;
    public const int RoleName = 64;

    public const int AuditEventType = 32;
    public const int AuditUsername = 256;
    public const int AuditRelyingParty = 512;
    public const int AuditClientIp = 64;
    public const int AuditOutcome = 32;
    public const int AuditReason = 512;
    public const int AuditCorrelationId = 128;

    /// <summary>The same bound SignInAuditor applies, so a full details record always fits.</summary>
    public const int AuditDetails = 2048;

    /// <summary>Data Protection output for a 20-byte seed is about 150 characters of base64url; room for key changes.</summary>
    public const int MfaProtectedSeed = 1024;

    /// <summary>"pbkdf2-sha256$iterations$salt$hash" is under 100 characters; room for stronger parameters later.</summary>
    public const int MfaRecoveryCodeHash = 256;
}
