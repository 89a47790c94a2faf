using IdpFederation.Core.SignIn;

namespace IdpFederation.Core.Telemetry;

/// <summary>
/// The closed set of values the <c>outcome</c> tag of <see cref="IdpTelemetryNames.SignIns"/> takes. Metric labels come
/// only from sets like this one, fixed in code, so a label can never carry a username, an address or a token, and the
/// number of series stays small whatever the traffic.
/// </summary>
public static class SignInOutcomes
{
    /// <summary>A token was issued.</summary>
    public const string Success = "success";

    /// <summary>The browser was sent to the login page.</summary>
    public const string LoginRequired = "login_required";

    /// <summary>The browser was sent to the MFA code page.</summary>
    public const string MfaRequired = "mfa_required";

    /// <summary>The browser was sent to MFA enrolment.</summary>
    public const string MfaEnrollmentRequired = "mfa_enrollment_required";

    /// <summary>The pipeline refused the sign-in (policy, disabled account, MFA lockout, domain not federated).</summary>
    public const string Denied = "denied";

    /// <summary>The request itself was invalid (unknown realm, unregistered reply URL, oversized parameter).</summary>
    public const string Rejected = "rejected";

    /// <summary>A wrong password, an unknown user or a locked account at the login page (one answer for all three).</summary>
    public const string InvalidCredentials = "invalid_credentials";

    /// <summary>The right password for a disabled account.</summary>
    public const string AccountDisabled = "account_disabled";

    /// <summary>Refused for capacity (pending sign-ins full); the user is asked to try again.</summary>
    public const string Busy = "busy";

    /// <summary>The <c>protocol</c> tag: short, stable, lower case.</summary>
    public static string ProtocolName(SignInProtocol protocol) => protocol switch
    {
        SignInProtocol.WsFederation => "wsfed",
        _ => "other",
    };
}
