namespace IdpFederation.Core.SignIn;

/// <summary>Stable codes shown on error pages and written to the audit log; support staff search for them.</summary>
public static class SignInErrorCodes
{
    public const string InvalidRequest = "IDPF1001";
    public const string UnsupportedAction = "IDPF1002";
    public const string UnknownRealm = "IDPF1003";
    public const string UnregisteredReplyUrl = "IDPF1004";
    public const string ParameterTooLong = "IDPF1005";
    public const string DuplicateParameter = "IDPF1006";
    public const string RequestExpired = "IDPF1007";
    public const string MfaUnavailable = "IDPF2001";
    public const string AccountDisabled = "IDPF2002";
    public const string AccountNotFound = "IDPF2003";
    public const string DomainNotFederated = "IDPF2004";
    public const string MfaRequiredByPolicy = "IDPF2005";
    public const string PolicyDenied = "IDPF3001";
    public const string InternalError = "IDPF9000";
    public const string TemporarilyUnavailable = "IDPF9503";
}
