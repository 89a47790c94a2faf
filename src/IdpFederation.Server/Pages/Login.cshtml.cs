using IdpFederation.Core.Authentication;
using IdpFederation.Core.Configuration;
using System.Text.Json;
using IdpFederation.Core.Directory;
using IdpFederation.Core.Policies;
using IdpFederation.Server.Http;
using IdpFederation.Core.Protocols;
using IdpFederation.Core.Sessions;
using IdpFederation.Core.SignIn;
using IdpFederation.Core.Telemetry;
using IdpFederation.Server.Sessions;
using IdpFederation.Server.WsFederation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace IdpFederation.Server.Pages;

/// <remarks>Its form posts count toward the per-address sign-in limit (each costs a password hash or an MFA check).</remarks>
[SignInRateLimit(PostsOnly = true)]
public sealed partial class LoginModel : PageModel
{
    /// <summary>The one message for an unknown user, a wrong password or a locked account: no user enumeration.</summary>
    public const string InvalidCredentialsMessage = "Incorrect username or password.";

    private const int MaxPasswordLength = 1024;
    private readonly IPendingSignInStore _pending;
    private readonly PasswordAuthenticator _authenticator;
    private readonly ISessionStore _sessions;
    private readonly SessionCookie _cookie;
    private readonly SignInAuditor _audit;
    private readonly IOptionsMonitor<IdpOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger<LoginModel> _logger;
    private readonly ActiveUserCache _userCache;
    private readonly ClientAddressResolver _addresses;
    private readonly SignInMetrics _metrics;

    public LoginModel(IPendingSignInStore pending, PasswordAuthenticator authenticator, ISessionStore sessions, SessionCookie cookie,
        SignInAuditor audit, IOptionsMonitor<IdpOptions> options, TimeProvider time, ActiveUserCache userCache, ClientAddressResolver addresses,
        SignInMetrics metrics, ILogger<LoginModel> logger)
    {
        _metrics = metrics;
        _addresses = addresses;
        _userCache = userCache;
        _pending = pending;
        _authenticator = authenticator;
        _sessions = sessions;
        _cookie = cookie;
        _audit = audit;
        _options = options;
        _time = time;
        _logger = logger;
    }

    [BindProperty(SupportsGet = true, Name = "signin")]
    public string? SignInId { get; set; }

    [BindProperty]
    public string? Username { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    public string RelyingPartyName { get; private set; } = "";
    public string? ErrorMessage { get; private set; }
    public bool AccountDisabled { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var request = await LoadRequestAsync().ConfigureAwait(false);
        if (request is null)
        {
            return Expired();
        }

        Username = request.UsernameHint;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var request = await LoadRequestAsync().ConfigureAwait(false);
        if (request is null)
        {
            return Expired();
        }

        var typed = (Username ?? "").Trim();
        var password = Password ?? "";
        Password = null;
        if (typed.Length == 0 || password.Length == 0 || typed.Length > 256 || password.Length > MaxPasswordLength)
        {
            ErrorMessage = typed.Length == 0 ? "Enter your username." : password.Length == 0 ? "Enter your password." : InvalidCredentialsMessage;
            return Page();
        }

        var address = _addresses.Resolve(HttpContext, ClientKind.Browser);
        var clientIp = address?.ToString();
        using var activity = SignInTracing.Start(SignInTracing.PasswordSpan, request);
        var result = await _authenticator.AuthenticateAsync(typed, password, address, HttpContext.RequestAborted).ConfigureAwait(false);
        var details = result.Lockout is null ? null : JsonSerializer.Serialize(new { lockout = result.Lockout });
        var realm = request.RelyingParty.Realm;
        switch (result.Outcome)
        {
            case PasswordAuthenticationOutcome.InvalidCredentials:
                await _audit.FailedAsync(typed, realm, clientIp, "invalid credentials", request.ClientRequestId, details, HttpContext.RequestAborted).ConfigureAwait(false);
                LogFailed(realm);
                Ended(activity, request, SignInOutcomes.InvalidCredentials);
                ErrorMessage = InvalidCredentialsMessage;
                return Page();
            case PasswordAuthenticationOutcome.AccountDisabled:
                await _audit.FailedAsync(typed, realm, clientIp, SignInErrorCodes.AccountDisabled, request.ClientRequestId, details, HttpContext.RequestAborted).ConfigureAwait(false);
                AccountDisabled = true;
                Ended(activity, request, SignInOutcomes.AccountDisabled);
                Response.StatusCode = StatusCodes.Status403Forbidden;
                return Page();
        }

        // The password check just read the user; the SSO cache must not serve an older copy to the next token.
        _userCache.Invalidate(result.UserPrincipalName);
        await StartSessionAsync(result, clientIp).ConfigureAwait(false);
        // Not a sign-in outcome yet: the resume that follows issues the token (or asks for MFA) and is counted there.
        SignInTracing.Event(activity, "password", "success");
        return Redirect(WsFederationEndpoints.ResumePath + "?signin=" + Uri.EscapeDataString(SignInId!));
    }

    /// <summary>A refused password ends this pass of the sign-in: counted by outcome, and the span closed with it.</summary>
    private void Ended(System.Diagnostics.Activity? activity, ValidatedSignInRequest request, string outcome)
    {
        _metrics.RecordSignIn(request.Protocol, outcome);
        SignInTracing.Event(activity, "password", outcome);
        SignInTracing.End(activity, outcome);
    }

    private async Task StartSessionAsync(PasswordAuthenticationResult result, string? clientIp)
    {
        // A new ID at every login defeats session fixation; the old session, if any, ends here.
        if (_cookie.ReadId(HttpContext) is { } previous)
        {
            await _sessions.RemoveAsync(previous, HttpContext.RequestAborted).ConfigureAwait(false);
        }

        var now = _time.GetUtcNow();
        var session = new SsoSession
        {
            Id = SessionIds.NewId(),
            UserPrincipalName = result.UserPrincipalName,
            CreatedAt = now,
            AuthenticatedAt = now,
            AuthenticationMethod = AuthenticationMethods.PasswordProtectedTransport,
            LastSeenAt = now,
            ExpiresAt = now + _options.CurrentValue.Session.AbsoluteExpiration,
            ClientIp = clientIp,
            AuthenticatedForSignIn = SessionIds.StorageKey(SignInId!),
        };
        await _sessions.CreateAsync(session, HttpContext.RequestAborted).ConfigureAwait(false);
        _cookie.Write(HttpContext, session.Id);
    }

    private async Task<ValidatedSignInRequest?> LoadRequestAsync()
    {
        if (!SessionIds.IsWellFormed(SignInId))
        {
            return null;
        }

        var request = await _pending.GetAsync(SignInId!, HttpContext.RequestAborted).ConfigureAwait(false);
        RelyingPartyName = request?.RelyingParty.DisplayName ?? "";
        return request;
    }

    private StatusCodeResult Expired()
    {
        HttpContext.Items[SignInErrorResult.ItemKey] = new SignInError(SignInErrorCodes.RequestExpired,
            "This sign-in page has expired. Go back to the application and sign in again.");
        return StatusCode(StatusCodes.Status400BadRequest);
    }

    [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "Password sign-in failed for relying party {Realm}")]
    private partial void LogFailed(string realm);
}
