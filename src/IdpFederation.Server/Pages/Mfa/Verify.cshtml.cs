using IdpFederation.Core.Mfa;
using IdpFederation.Core.Pipeline;
using IdpFederation.Core.SignIn;
using IdpFederation.Server.Mfa;
using Microsoft.AspNetCore.Mvc;

namespace IdpFederation.Server.Pages.Mfa;

/// <summary>Asks an enrolled user for the code from their authenticator app, or for one of their recovery codes.</summary>
public sealed partial class VerifyModel : MfaPageModel
{
    public const string WrongCodeMessage = "That code didn't work. Check the time-based code in your authenticator app and try again.";
    public const string WrongRecoveryCodeMessage = "That recovery code didn't work. Each recovery code works only once.";

    private readonly MfaAuthenticator _mfa;
    private readonly ILogger<VerifyModel> _logger;

    public VerifyModel(MfaSignInFlow flow, MfaAuthenticator mfa, ILogger<VerifyModel> logger)
        : base(flow)
    {
        _mfa = mfa;
        _logger = logger;
    }

    /// <summary>"recovery" shows the recovery-code form instead of the app-code form.</summary>
    [BindProperty(SupportsGet = true, Name = "method")]
    public string? Method { get; set; }

    [BindProperty]
    public string? Code { get; set; }

    [BindProperty]
    public bool RememberDevice { get; set; }

    public bool UseRecoveryCode => string.Equals(Method, "recovery", StringComparison.Ordinal);

    /// <summary>Days the device may be remembered for; null hides the option.</summary>
    public int? RememberDeviceDays { get; private set; }

    public string? UserPrincipalName { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var (state, elsewhere) = await LoadAsync(SignInDecisionKind.RequireMfa).ConfigureAwait(false);
        if (elsewhere is not null)
        {
            return elsewhere;
        }

        Show(state!);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var (state, elsewhere) = await LoadAsync(SignInDecisionKind.RequireMfa).ConfigureAwait(false);
        if (elsewhere is not null)
        {
            return elsewhere;
        }

        Show(state!);
        var user = state!.User!;
        var typed = Code;
        Code = null;
        var check = UseRecoveryCode
            ? await _mfa.VerifyRecoveryCodeAsync(user, typed, HttpContext.RequestAborted).ConfigureAwait(false)
            : await _mfa.VerifyCodeAsync(user, typed, HttpContext.RequestAborted).ConfigureAwait(false);

        switch (check.Outcome)
        {
            case MfaCheckOutcome.Accepted:
                await Flow.AuditAsync(state, true, UseRecoveryCode ? MfaAuditReasons.RecoveryCodeUsed : MfaAuditReasons.CodeAccepted,
                    UseRecoveryCode ? new { recoveryCodesLeft = check.RecoveryCodesLeft, requiredBy = state.Context.MfaRequiredBy } : new { requiredBy = state.Context.MfaRequiredBy },
                    HttpContext.RequestAborted).ConfigureAwait(false);
                await Flow.CompleteAsync(HttpContext, state, check.Enrollment!, RememberDevice).ConfigureAwait(false);
                LogVerified(user.Id, UseRecoveryCode ? "recovery code" : "authenticator code");
                return Redirect(MfaPaths.ResumeUrl(state.SignInId));

            case MfaCheckOutcome.LockedOut:
                if (check.LockedNow)
                {
                    await Flow.AuditAsync(state, false, UseRecoveryCode ? MfaAuditReasons.RecoveryCodeRefused : MfaAuditReasons.CodeRefused,
                        new { failures = check.Failures }, HttpContext.RequestAborted).ConfigureAwait(false);
                    LogLockedOut(user.Id, check.Failures);
                }

                await Flow.AuditAsync(state, false, MfaAuditReasons.LockedOut, new { failures = check.Failures, lockedNow = check.LockedNow }, HttpContext.RequestAborted).ConfigureAwait(false);

                return Refuse(LockedOut());

            case MfaCheckOutcome.NotEnrolled:
                return Redirect(MfaPaths.EnrollUrl(state.SignInId));

            case MfaCheckOutcome.SeedUnreadable:
                await Flow.AuditAsync(state, false, MfaAuditReasons.AuthenticatorUnreadable, null, HttpContext.RequestAborted).ConfigureAwait(false);
                LogSeedUnreadable(user.Id);
                ErrorMessage = "Your authenticator can't be checked right now. Use a recovery code, or contact your help desk.";
                return Page();

            default:
                var reason = UseRecoveryCode ? MfaAuditReasons.RecoveryCodeRefused
                    : check.Outcome == MfaCheckOutcome.Replayed ? MfaAuditReasons.CodeReplayed : MfaAuditReasons.CodeRefused;
                await Flow.AuditAsync(state, false, reason, new { failures = check.Failures }, HttpContext.RequestAborted).ConfigureAwait(false);
                ErrorMessage = UseRecoveryCode ? WrongRecoveryCodeMessage
                    : check.Outcome == MfaCheckOutcome.Replayed ? "That code has already been used. Wait for your app to show a new code, then enter it."
                    : WrongCodeMessage;
                if (check.AttemptsLeft is { } left and <= 3)
                {
                    ErrorMessage += left == 1 ? " 1 attempt left." : $" {left} attempts left.";
                }

                return Page();
        }
    }

    private void Show(MfaFlowState state)
    {
        RememberDeviceDays = state.Context.RememberDeviceDays;
        UserPrincipalName = state.User?.UserPrincipalName;
    }

    [LoggerMessage(EventId = 3201, Level = LogLevel.Information, Message = "MFA passed for user {UserId} with a {Method}")]
    private partial void LogVerified(Guid userId, string method);

    [LoggerMessage(EventId = 3202, Level = LogLevel.Warning, Message = "MFA locked for user {UserId} after {Failures} wrong codes")]
    private partial void LogLockedOut(Guid userId, long failures);

    [LoggerMessage(EventId = 3203, Level = LogLevel.Error, Message = "The stored TOTP seed of user {UserId} cannot be decrypted: has the Data Protection key ring been lost?")]
    private partial void LogSeedUnreadable(Guid userId);
}
