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

    /// <summary>Our short tenant name from Idp:Provisioning:Tenants (also used in lease names).</summary>
    public const int ProvisioningTenant = 64;

    /// <summary>Graph object ids are GUIDs; room for other clouds' formats.</summary>
    public const int CloudId = 64;

    public const int OutboxChange = 32;

    /// <summary>SHA-1 thumbprint in hex.</summary>
    public const int CertificateThumbprint = 40;
    public const int CertificateSubject = 512;
    public const int CertificateState = 16;
    public const int CertificateCreatedBy = 128;

    /// <summary>Data Protection output for a PFX with an RSA 4096 key is about 6 KB of base64url; room for chains.</summary>
    public const int CertificateProtectedPfx = 32768;

    /// <summary>Enough for Graph's error code and message; longer failures are cut, they only help diagnosis.</summary>
    public const int OutboxError = 1024;

    public const int LeaseName = 128;
    public const int LeaseHolder = 256;
    public const int ProvisioningValueKey = 128;
    public const int RunTrigger = 16;
    public const int RunStatus = 32;
    public const int RunMessage = 2048;
    public const int RunItemAction = 32;
    public const int RunItemOutcome = 16;
    public const int RunItemDetail = 2048;
    public const int RunItemErrorCode = 128;
    public const int RunItemErrorMessage = 2048;

    /// <summary>Lower-case hex SHA-256.</summary>
    public const int OnboardingTokenHash = 64;

    /// <summary>Cuts <paramref name="value"/> to <paramref name="limit"/> characters so an over-long message never fails a write.</summary>
    public static string? Truncate(string? value, int limit) =>
        value is null || value.Length <= limit ? value : value[..limit];
}
