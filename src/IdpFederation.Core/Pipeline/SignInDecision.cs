namespace IdpFederation.Core.Pipeline;

public enum SignInDecisionKind
{
    Continue = 0,
    RequireLogin,
    Deny,
}

/// <summary>One step's verdict. Reason is for logs and audit; ErrorCode is what the user's page shows.</summary>
public sealed record SignInDecision(SignInDecisionKind Kind, string Reason, string? ErrorCode = null, string? Description = null, int StatusCode = 403)
{
    public static SignInDecision Continue(string reason = "ok") => new(SignInDecisionKind.Continue, reason);

    public static SignInDecision RequireLogin(string reason) => new(SignInDecisionKind.RequireLogin, reason);

    public static SignInDecision Deny(string errorCode, string reason, string description, int statusCode = 403) =>
        new(SignInDecisionKind.Deny, reason, errorCode, description, statusCode);
}
