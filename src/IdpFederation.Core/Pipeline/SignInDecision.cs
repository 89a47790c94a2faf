namespace IdpFederation.Core.Pipeline;

public enum SignInDecisionKind
{
    Continue = 0,
    RequireLogin,

    /// <summary>The user is enrolled and must enter a one-time code (or a recovery code).</summary>
    RequireMfa,

    /// <summary>MFA is needed, the user has none, and has just typed the password: enrolment, not skippable.</summary>
    RequireMfaEnrollment,
    Deny,
}

/// <summary>One step's verdict. Reason is for logs and audit; ErrorCode is what the user's page shows.</summary>
public sealed record SignInDecision(SignInDecisionKind Kind, string Reason, string? ErrorCode = null, string? Description = null, int StatusCode = 403)
{
    public static SignInDecision Continue(string reason = "ok") => new(SignInDecisionKind.Continue, reason);

    public static SignInDecision RequireLogin(string reason) => new(SignInDecisionKind.RequireLogin, reason);

    public static SignInDecision RequireMfa(string reason) => new(SignInDecisionKind.RequireMfa, reason);

    public static SignInDecision RequireMfaEnrollment(string reason) => new(SignInDecisionKind.RequireMfaEnrollment, reason);

    public static SignInDecision Deny(string errorCode, string reason, string description, int statusCode = 403) =>
        new(SignInDecisionKind.Deny, reason, errorCode, description, statusCode);
}
