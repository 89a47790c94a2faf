using System.Diagnostics;
using IdpFederation.Core.Directory;
using IdpFederation.Core.Mfa;
using IdpFederation.Core.Pipeline;
using IdpFederation.Core.Sessions;
using IdpFederation.Core.SignIn;
using IdpFederation.Core.Telemetry;
using IdpFederation.Server.Http;
using IdpFederation.Server.Sessions;

namespace IdpFederation.Server.Mfa;

/// <summary>
/// What the MFA pages share: they re-run the sign-in pipeline for the pending request on every view and post, so a
/// page only ever acts when the pipeline says that this user, now, needs exactly that page. After a second factor the
/// session is replaced by a new one (new ID) that records the MFA instant, as a login does against fixation.
/// </summary>
public sealed class MfaSignInFlow
{
    private readonly IPendingSignInStore _pending;
    private readonly SessionCookie _cookie;
    private readonly ISessionStore _sessions;
    private readonly SignInPipeline _pipeline;
    private readonly BrowserSignInContextFactory _contexts;
    private readonly RememberedDeviceTokens _deviceTokens;
    private readonly RememberDeviceCookie _deviceCookie;
    private readonly SignInAuditor _audit;
    private readonly TimeProvider _time;
    private readonly MfaEnrollmentStampCache _stamps;

#pragma warning disable CA1062 // DI supplies every argument.
    public MfaSignInFlow(IPendingSignInStore pending, SessionCookie cookie, ISessionStore sessions, SignInPipeline pipeline,
        BrowserSignInContextFactory contexts, RememberedDeviceTokens deviceTokens,
        RememberDeviceCookie deviceCookie, SignInAuditor audit, TimeProvider time, MfaEnrollmentStampCache stamps)
#pragma warning restore CA1062
    {
        _pending = pending;
        _cookie = cookie;
        _sessions = sessions;
        _pipeline = pipeline;
        _contexts = contexts;
        _deviceTokens = deviceTokens;
        _deviceCookie = deviceCookie;
        _audit = audit;
        _time = time;
        _stamps = stamps;
    }

    /// <returns>Null when the pending sign-in is unknown or finished.</returns>
    public async Task<MfaFlowState?> LoadAsync(HttpContext http, string? signInId)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (!SessionIds.IsWellFormed(signInId))
        {
            return null;
        }

        var request = await _pending.GetAsync(signInId!, http.RequestAborted).ConfigureAwait(false);
        if (request is null)
        {
            return null;
        }

        // The page acts after this returns, so its span lives until the response is done; the MFA outcome is added to it
        // by AuditAsync.
        var span = SignInTracing.Start(SignInTracing.MfaSpan, request);
        if (span is not null)
        {
            http.Response.RegisterForDispose(span);
        }

        var session = await _cookie.GetSessionAsync(http).ConfigureAwait(false);
        var context = _contexts.Create(http, request, session, signInId);
        var decision = await _pipeline.RunAsync(context, http.RequestAborted).ConfigureAwait(false);
        return new MfaFlowState(signInId!, request, context, decision) { Span = span };
    }

    /// <summary>
    /// Records the second factor: a new session carrying the MFA instant and <paramref name="enrollment"/> (the one the
    /// factor was proved with, <see cref="MfaCheck.Enrollment"/>) replaces the old one everywhere, and the device is
    /// remembered if the user asked and the policy allows it.
    /// </summary>
    public async Task CompleteAsync(HttpContext http, MfaFlowState state, MfaEnrollment enrollment, bool rememberDevice)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(enrollment);
        var old = state.Context.Session!;
        var now = _time.GetUtcNow();
        var user = state.User!;
        var upgraded = old with
        {
            Id = SessionIds.NewId(),
            MultiFactorAuthenticatedAt = now,
            MultiFactorEnrollmentStamp = enrollment.ConfirmedAt?.ToUnixTimeMilliseconds(),
            LastSeenAt = now,
            RelyingParties = [],
        };
        await _sessions.CreateAsync(upgraded, http.RequestAborted).ConfigureAwait(false);
        foreach (var realm in old.RelyingParties)
        {
            await _sessions.AddRelyingPartyAsync(upgraded.Id, realm, http.RequestAborted).ConfigureAwait(false);
        }

        if (_cookie.ReadId(http) is { } previous)
        {
            await _sessions.RemoveAsync(previous, http.RequestAborted).ConfigureAwait(false);
        }

        _cookie.Write(http, upgraded.Id);
        _stamps.Invalidate(user.Id);
        if (rememberDevice && state.Context.RememberDeviceDays is { } days && enrollment.IsConfirmed)
        {
            _deviceCookie.Write(http, _deviceTokens.Issue(user, enrollment, days), days);
        }
    }

    public Task AuditAsync(MfaFlowState state, bool success, string reason, object? details = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        SignInTracing.Event(state.Span, "mfa", reason);
        var json = details is null ? null : System.Text.Json.JsonSerializer.Serialize(details);
        return _audit.MfaAsync(success, state.User?.UserPrincipalName, state.Request.RelyingParty.Realm, state.Context.ClientIp, reason,
            state.Request.ClientRequestId, json, cancellationToken);
    }
}

/// <param name="Decision">What the pipeline wants now; a page acts only on the decision it exists for.</param>
public sealed record MfaFlowState(string SignInId, ValidatedSignInRequest Request, SignInContext Context, SignInDecision Decision)
{
    /// <summary>This page view's sign-in span; null when spans are not recorded.</summary>
    public Activity? Span { get; init; }

    public DirectoryUser? User => Context.User;
}
