using System.Diagnostics;
using IdpFederation.Core.Pipeline;
using IdpFederation.Core.Policies;
using IdpFederation.Core.RelyingParties;
using IdpFederation.Core.Sessions;
using IdpFederation.Core.SignIn;
using IdpFederation.Core.Telemetry;
using IdpFederation.Core.Tokens;
using IdpFederation.Core.WsFederation;
using IdpFederation.Protocols.WsFederation;
using IdpFederation.Server.Http;
using IdpFederation.Server.Mfa;
using IdpFederation.Server.Sessions;

namespace IdpFederation.Server.WsFederation;

/// <summary>Orchestrates wsignin1.0 and wsignout1.0: validator, then pipeline, then response generator, then result.</summary>
public sealed partial class WsFederationSignInHandler
{
    private readonly WsFederationRequestValidator _validator;
    private readonly SignInPipeline _pipeline;
    private readonly ClaimsFactory _claims;
    private readonly WsFederationResponseGenerator _responses;
    private readonly IPendingSignInStore _pending;
    private readonly ISessionStore _sessions;
    private readonly SessionCookie _cookie;
    private readonly RelyingPartyCatalog _relyingParties;
    private readonly SignInAuditor _audit;
    private readonly ILogger<WsFederationSignInHandler> _logger;
    private static readonly TimeSpan PendingFullReportInterval = TimeSpan.FromSeconds(10);
    private long _refusedSinceReport;
    private long _nextReportAt;
    private readonly BrowserSignInContextFactory _contexts;
    private readonly SignInMetrics _metrics;

#pragma warning disable CA1062 // DI supplies every argument.
    public WsFederationSignInHandler(WsFederationRequestValidator validator, SignInPipeline pipeline, ClaimsFactory claims,
        WsFederationResponseGenerator responses, IPendingSignInStore pending, ISessionStore sessions, SessionCookie cookie,
        RelyingPartyCatalog relyingParties, SignInAuditor audit, BrowserSignInContextFactory contexts,
        SignInMetrics metrics, ILogger<WsFederationSignInHandler> logger)
#pragma warning restore CA1062
    {
        _metrics = metrics;
        _validator = validator;
        _pipeline = pipeline;
        _claims = claims;
        _responses = responses;
        _pending = pending;
        _sessions = sessions;
        _cookie = cookie;
        _relyingParties = relyingParties;
        _audit = audit;
        _logger = logger;
        _contexts = contexts;
    }

    public async Task<IResult> SignInAsync(HttpContext context, WsFederationMessage message)
    {
        var validation = _validator.ValidateSignIn(message);
        if (validation.Error is { } error)
        {
            LogRejected(error.Code, error.Description);
            _metrics.RecordSignIn(SignInProtocol.WsFederation, SignInOutcomes.Rejected);
            await _audit.FailedAsync(message.Username, message.Realm, ClientIp(context), error.Code, ClientRequestIdMiddleware.Get(context), cancellationToken: context.RequestAborted).ConfigureAwait(false);
            return new SignInErrorResult(error);
        }

        return await ContinueAsync(context, validation.Value!, pendingId: null).ConfigureAwait(false);
    }

    /// <summary>Where the login page sends the browser back once the password is checked.</summary>
    public async Task<IResult> ResumeAsync(HttpContext context, string? pendingId)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = SessionIds.IsWellFormed(pendingId) ? await _pending.GetAsync(pendingId!, context.RequestAborted).ConfigureAwait(false) : null;
        if (request is null)
        {
            return WsFederationEndpoints.Error(SignInErrorCodes.RequestExpired,
                "This sign-in has expired or was already completed. Go back to the application and sign in again.");
        }

        return await ContinueAsync(context, request, pendingId).ConfigureAwait(false);
    }

    private async Task<IResult> ContinueAsync(HttpContext context, ValidatedSignInRequest request, string? pendingId)
    {
        var startedAt = Stopwatch.GetTimestamp();
        using var activity = SignInTracing.Start(SignInTracing.OrchestratorSpan, request);
        var session = await _cookie.GetSessionAsync(context).ConfigureAwait(false);
        var signIn = _contexts.Create(context, request, session, pendingId);
        var decision = await _pipeline.RunAsync(signIn, context.RequestAborted).ConfigureAwait(false);
        var username = session?.UserPrincipalName ?? request.UsernameHint;

        switch (decision.Kind)
        {
            case SignInDecisionKind.RequireLogin or SignInDecisionKind.RequireMfa or SignInDecisionKind.RequireMfaEnrollment:
                pendingId ??= await _pending.TrySaveAsync(request, context.RequestAborted).ConfigureAwait(false);
                if (pendingId is null)
                {
                    ReportPendingFull();
                    Ended(activity, request, SignInOutcomes.Busy);
                    return new SignInErrorResult(PendingSignInsFull);
                }

                Ended(activity, request, decision.Kind switch
                {
                    SignInDecisionKind.RequireLogin => SignInOutcomes.LoginRequired,
                    SignInDecisionKind.RequireMfa => SignInOutcomes.MfaRequired,
                    _ => SignInOutcomes.MfaEnrollmentRequired,
                });
                return Results.Redirect(decision.Kind switch
                {
                    SignInDecisionKind.RequireLogin => MfaPaths.LoginUrl(pendingId),
                    SignInDecisionKind.RequireMfa => MfaPaths.VerifyUrl(pendingId),
                    _ => MfaPaths.EnrollUrl(pendingId),
                });

            case SignInDecisionKind.Deny:
                await FinishAsync(pendingId, context).ConfigureAwait(false);
                await _audit.FailedAsync(username, request.RelyingParty.Realm, signIn.ClientIp, decision.ErrorCode!, request.ClientRequestId, AuditDetails.From(signIn), context.RequestAborted).ConfigureAwait(false);
                Ended(activity, request, SignInOutcomes.Denied);
                return new SignInErrorResult(new SignInError(decision.ErrorCode!, decision.Description!, decision.StatusCode));
        }

        var claims = _claims.Create(signIn.User!, session!, signIn.MultiFactorAuthenticated, signIn.Policy?.InsideCorporateNetwork ?? false);
        if (claims is null)
        {
            await _audit.FailedAsync(username, request.RelyingParty.Realm, signIn.ClientIp, SignInErrorCodes.DomainNotFederated, request.ClientRequestId, cancellationToken: context.RequestAborted).ConfigureAwait(false);
            Ended(activity, request, SignInOutcomes.Denied);
            return WsFederationEndpoints.Error(SignInErrorCodes.DomainNotFederated, "Your account's domain is not set up for sign-in here.", StatusCodes.Status403Forbidden);
        }

        var response = _responses.Generate(request, claims);
        // Only the first token for a relying party costs a write: the common SSO request stays one store round trip.
        if (!session!.RelyingParties.Contains(request.RelyingParty.Realm, StringComparer.Ordinal))
        {
            await _sessions.AddRelyingPartyAsync(_cookie.ReadId(context)!, request.RelyingParty.Realm, context.RequestAborted).ConfigureAwait(false);
        }

        await FinishAsync(pendingId, context).ConfigureAwait(false);
        var how = (session.AuthenticatedAt >= request.ReceivedAt ? "password" : "sso") + (claims.MultiFactorAuthenticated ? "+mfa" : "");
        if (signIn.MfaSatisfiedByRememberedDevice)
        {
            await _audit.MfaAsync(true, username, request.RelyingParty.Realm, signIn.ClientIp, MfaAuditReasons.RememberedDevice, request.ClientRequestId, cancellationToken: context.RequestAborted).ConfigureAwait(false);
        }

        await _audit.SucceededAsync(username, request.RelyingParty.Realm, signIn.ClientIp, how, request.ClientRequestId, AuditDetails.From(signIn), context.RequestAborted).ConfigureAwait(false);
        LogIssued(signIn.User!.Id, request.RelyingParty.Realm, claims.Issuer, how);
        _metrics.RecordTokenIssued(request.Protocol, sso: session.AuthenticatedAt < request.ReceivedAt, startedAt);
        Ended(activity, request, SignInOutcomes.Success);
        return new AutoPostFormResult(response);
    }

    public async Task<IResult> SignOutAsync(HttpContext context, WsFederationMessage message)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(message);
        var sessionId = _cookie.ReadId(context);
        if (sessionId is not null)
        {
            var session = await _sessions.GetAndTouchAsync(sessionId, context.RequestAborted).ConfigureAwait(false);
            await _sessions.RemoveAsync(sessionId, context.RequestAborted).ConfigureAwait(false);
            if (session is not null)
            {
                await _audit.SignedOutAsync(session.UserPrincipalName, ClientIp(context), ClientRequestIdMiddleware.Get(context), context.RequestAborted).ConfigureAwait(false);
            }
        }

        _cookie.Delete(context);
        // Only a URL registered for some relying party may receive the browser; anything else is an open redirect.
        if (message.Reply is { Length: > 0 } reply && _relyingParties.All.Any(p => p.IsRegisteredReplyUrl(reply)))
        {
            return Results.Redirect(reply);
        }

        return Results.Redirect("/signedout");
    }

    /// <summary>
    /// Idp:State:MaxPendingSignIns sign-ins are waiting at the login page. Places free as sign-ins finish or their
    /// 15 minutes pass; a minute is a fair time to wait. Not audited: the audit must not grow with a flood either.
    /// </summary>
    private static readonly SignInError PendingSignInsFull = new(SignInErrorCodes.SignInCapacityReached,
        "Too many sign-ins are in progress right now. Try again in a minute.", StatusCodes.Status503ServiceUnavailable, TimeSpan.FromMinutes(1));

    /// <summary>Counts the pass by its outcome and closes its span with it.</summary>
    private void Ended(Activity? activity, ValidatedSignInRequest request, string outcome)
    {
        _metrics.RecordSignIn(request.Protocol, outcome);
        SignInTracing.End(activity, outcome);
    }

    private Task FinishAsync(string? pendingId, HttpContext context) =>
        pendingId is null ? Task.CompletedTask : _pending.RemoveAsync(pendingId, context.RequestAborted);

    private static string? ClientIp(HttpContext context) => context.Connection.RemoteIpAddress?.ToString();

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "WS-Fed sign-in request rejected: {Code} {Description}")]
    private partial void LogRejected(string code, string description);

    /// <summary>
    /// One warning per <see cref="PendingFullReportInterval"/> with the number refused since the last one: the cap is
    /// reached during a flood, and a warning per refused request would turn the flood into a log flood (disk, and CPU
    /// taken from token issuance; measured in docs/benchmarks.md).
    /// </summary>
    private void ReportPendingFull()
    {
        Interlocked.Increment(ref _refusedSinceReport);
        var now = Environment.TickCount64;
        var due = Interlocked.Read(ref _nextReportAt);
        if (now >= due && Interlocked.CompareExchange(ref _nextReportAt, now + (long)PendingFullReportInterval.TotalMilliseconds, due) == due)
        {
            LogPendingFull(Interlocked.Exchange(ref _refusedSinceReport, 0), PendingFullReportInterval.TotalSeconds);
        }
    }

    [LoggerMessage(EventId = 3402, Level = LogLevel.Warning, Message = "Sign-in refused: Idp:State:MaxPendingSignIns sign-ins are already waiting at the login page ({Refused} refused since the last report; reported at most every {Seconds} s)")]
    private partial void LogPendingFull(long refused, double seconds);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "WS-Fed token issued for user {UserId} to {Realm} as {Issuer} ({How})")]
    private partial void LogIssued(Guid userId, string realm, string issuer, string how);
}
