namespace IdpFederation.Core.SignIn;

/// <summary>Stable codes shown on error pages and written to the audit log; support staff search for them.</summary>
public static class SignInErrorCodes
{
    public const string InvalidRequest = "IDPF1001";
    public const string UnsupportedAction = "IDPF1002";
    public const string UnknownRealm = "IDPF1003";
    public const string UnregisteredReplyUrl = "IDPF1004";
    public const string ParameterTooLong = "IDPF1005";

    /// <summary>The request body is over the server's cap (HTTP 413).</summary>
    public const string RequestTooLarge = "IDPF1413";

    /// <summary>Too many sign-in requests from one client address within the rate-limit window (HTTP 429).</summary>
    public const string TooManyRequests = "IDPF1429";
    public const string DuplicateParameter = "IDPF1006";
    public const string RequestExpired = "IDPF1007";
    // IDPF2001 was "MFA requested but not offered"; retired with MFA's arrival and not reused.
    public const string AccountDisabled = "IDPF2002";
    public const string AccountNotFound = "IDPF2003";
    public const string DomainNotFederated = "IDPF2004";

    // IDPF2005 was "MFA required by policy but not offered"; retired with MFA's arrival and not reused.

    /// <summary>Too many wrong MFA codes within the lockout window.</summary>
    public const string MfaLockedOut = "IDPF2006";
    public const string PolicyDenied = "IDPF3001";
    public const string InternalError = "IDPF9000";
    public const string TemporarilyUnavailable = "IDPF9503";

    /// <summary>As many sign-ins are waiting at the login page as Idp:State:MaxPendingSignIns allows (HTTP 503).</summary>
    public const string SignInCapacityReached = "IDPF9504";
}
