namespace IdpFederation.Core.SignIn;

/// <summary>The audit log's reasons for MFA events: stable strings that reports and SIEM rules match on.</summary>
public static class MfaAuditReasons
{
    public const string Enrolled = "mfa enrolled";
    public const string CodeAccepted = "mfa code accepted";
    public const string CodeRefused = "mfa code refused";
    public const string CodeReplayed = "mfa code replayed";
    public const string RecoveryCodeUsed = "mfa recovery code used";
    public const string RecoveryCodeRefused = "mfa recovery code refused";
    public const string LockedOut = "mfa locked out";

    /// <summary>The stored seed cannot be decrypted: the Data Protection key ring was lost or replaced.</summary>
    public const string AuthenticatorUnreadable = "mfa authenticator unreadable";
    public const string RememberedDevice = "mfa remembered device";
    public const string Reset = "mfa reset";
    public const string RecoveryCodesReissued = "mfa recovery codes reissued";
}
