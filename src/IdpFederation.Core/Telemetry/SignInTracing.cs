using System.Diagnostics;
using IdpFederation.Core.Pipeline;
using IdpFederation.Core.SignIn;

namespace IdpFederation.Core.Telemetry;

/// <summary>
/// Spans for sign-ins (activity source <see cref="IdpTelemetryNames.SignInActivitySource"/>). A sign-in crosses several
/// HTTP requests (the request, the login page, the MFA page, the resume), so each pass gets its own span, and all of a
/// sign-in's spans carry Entra's client-request-id, the value a support case quotes. The pipeline's steps are events
/// on the span. A span may carry the relying party and the correlation id, but never a username, password, code or
/// token. With no listener (no OTLP endpoint) <see cref="ActivitySource.StartActivity(string, ActivityKind)"/> returns null
/// and nothing here allocates.
/// </summary>
public static class SignInTracing
{
    public const string OrchestratorSpan = "idpfed.signin";
    public const string PasswordSpan = "idpfed.signin.password";
    public const string MfaSpan = "idpfed.signin.mfa";

    public const string ClientRequestIdTag = "client_request_id";
    public const string ProtocolTag = "idpfed.protocol";
    public const string RelyingPartyTag = "idpfed.relying_party";
    public const string OutcomeTag = "idpfed.outcome";

    public static ActivitySource Source { get; } = new(IdpTelemetryNames.SignInActivitySource);

    /// <summary>Starts a span for one pass of <paramref name="request"/>; null when nobody records spans.</summary>
    public static Activity? Start(string name, ValidatedSignInRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var activity = Source.StartActivity(name, ActivityKind.Internal);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(ProtocolTag, SignInOutcomes.ProtocolName(request.Protocol));
            activity.SetTag(RelyingPartyTag, request.RelyingParty.Realm);
            activity.SetTag(ClientRequestIdTag, request.ClientRequestId);
        }

        return activity;
    }

    /// <summary>Adds a pipeline step's verdict as an event on the current sign-in span, if there is one.</summary>
    public static void StepEvaluated(string step, SignInDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        if (Activity.Current is { IsAllDataRequested: true } activity && activity.Source == Source)
        {
            activity.AddEvent(new ActivityEvent(step, tags: new ActivityTagsCollection
            {
                ["decision"] = DecisionName(decision.Kind),
                ["reason"] = decision.Reason,
            }));
        }
    }

    /// <summary>Adds a named event (e.g. "password", "mfa") with one outcome to a sign-in span, when spans are recorded.</summary>
    public static void Event(Activity? activity, string name, string outcome)
    {
        if (activity is { IsAllDataRequested: true })
        {
            activity.AddEvent(new ActivityEvent(name, tags: new ActivityTagsCollection { ["outcome"] = outcome }));
        }
    }

    /// <summary>Records how the pass ended (one of <see cref="SignInOutcomes"/>); a refusal marks the span as an error.</summary>
    public static void End(Activity? activity, string outcome)
    {
        if (activity is not { IsAllDataRequested: true })
        {
            return;
        }

        activity.SetTag(OutcomeTag, outcome);
        if (outcome is SignInOutcomes.Denied or SignInOutcomes.Rejected or SignInOutcomes.Busy)
        {
            activity.SetStatus(ActivityStatusCode.Error, outcome);
        }
    }

    private static string DecisionName(SignInDecisionKind kind) => kind switch
    {
        SignInDecisionKind.Continue => "continue",
        SignInDecisionKind.RequireLogin => "require_login",
        SignInDecisionKind.RequireMfa => "require_mfa",
        SignInDecisionKind.RequireMfaEnrollment => "require_mfa_enrollment",
        SignInDecisionKind.Deny => "deny",
        _ => "other",
    };
}
