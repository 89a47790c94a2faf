using IdpFederation.Core.Mfa;
using IdpFederation.Core.Pipeline;
using IdpFederation.Core.SignIn;
using IdpFederation.Server.Mfa;
using Microsoft.AspNetCore.Mvc;

namespace IdpFederation.Server.Pages.Mfa;

/// <summary>
/// First-time set-up of an authenticator app, reachable only when the pipeline says so: MFA is required, the user has
/// no confirmed enrolment, and the password was typed in this sign-in moments ago. There is no way past it but a
/// valid code; then the recovery codes are shown, this once.
/// </summary>
public sealed partial class EnrollModel : MfaPageModel
{
    private readonly MfaAuthenticator _mfa;
    private readonly ILogger<EnrollModel> _logger;

    public EnrollModel(MfaSignInFlow flow, MfaAuthenticator mfa, ILogger<EnrollModel> logger)
        : base(flow)
    {
        _mfa = mfa;
        _logger = logger;
    }

    [BindProperty]
    public string? Code { get; set; }

    public string? QrCodeDataUri { get; private set; }
    public string? SecretForDisplay { get; private set; }
    public string Issuer => _mfa.Issuer;
    public string? UserPrincipalName { get; private set; }

    /// <summary>Set only in the response to a successful confirmation.</summary>
    public IReadOnlyList<string>? RecoveryCodes { get; private set; }

    public string? ContinueUrl { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var (state, elsewhere) = await LoadAsync(SignInDecisionKind.RequireMfaEnrollment).ConfigureAwait(false);
        if (elsewhere is not null)
        {
            return elsewhere;
        }

        return await ShowEnrollmentAsync(state!).ConfigureAwait(false);
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var (state, elsewhere) = await LoadAsync(SignInDecisionKind.RequireMfaEnrollment).ConfigureAwait(false);
        if (elsewhere is not null)
        {
            return elsewhere;
        }

        var user = state!.User!;
        var typed = Code;
        Code = null;
        var check = await _mfa.ConfirmEnrollmentAsync(user, state.SignInId, typed, HttpContext.RequestAborted).ConfigureAwait(false);
        switch (check.Outcome)
        {
            case MfaCheckOutcome.Accepted:
                await Flow.AuditAsync(state, true, MfaAuditReasons.Enrolled, new { recoveryCodes = check.RecoveryCodes!.Count, requiredBy = state.Context.MfaRequiredBy },
                    HttpContext.RequestAborted).ConfigureAwait(false);
                await Flow.CompleteAsync(HttpContext, state, check.Enrollment!, rememberDevice: false).ConfigureAwait(false);
                LogEnrolled(user.Id);
                RecoveryCodes = check.RecoveryCodes;
                UserPrincipalName = user.UserPrincipalName;
                ContinueUrl = WsFederation.WsFederationEndpoints.ResumePath;
                return Page();

            case MfaCheckOutcome.LockedOut:
                await Flow.AuditAsync(state, false, MfaAuditReasons.LockedOut, new { failures = check.Failures, lockedNow = check.LockedNow, during = "enrollment" },
                    HttpContext.RequestAborted).ConfigureAwait(false);
                return Refuse(LockedOut());

            case MfaCheckOutcome.NotEnrolled:
                ErrorMessage = "This set-up code has expired. Scan the new QR code below and enter the code it gives.";
                break;

            default:
                await Flow.AuditAsync(state, false, check.Outcome == MfaCheckOutcome.Replayed ? MfaAuditReasons.CodeReplayed : MfaAuditReasons.CodeRefused,
                    new { failures = check.Failures, during = "enrollment" }, HttpContext.RequestAborted).ConfigureAwait(false);
                ErrorMessage = check.Outcome == MfaCheckOutcome.Replayed
                    ? "That code has already been used. Wait for your app to show a new code, then enter it."
                    : "That code didn't work. Make sure you scanned the code below and that your phone's clock is set automatically, then try again.";
                break;
        }

        return await ShowEnrollmentAsync(state).ConfigureAwait(false);
    }

    private async Task<IActionResult> ShowEnrollmentAsync(MfaFlowState state)
    {
        PendingEnrollment pending;
        try
        {
            pending = await _mfa.BeginEnrollmentAsync(state.User!, state.SignInId, HttpContext.RequestAborted).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // Enrolment was completed in another sign-in a moment ago: this one now needs a code, not a new seed.
            return Redirect(MfaPaths.VerifyUrl(state.SignInId));
        }

        QrCodeDataUri = QrCodeImage.ToPngDataUri(pending.KeyUri);
        SecretForDisplay = pending.Secret.Base32ForDisplay;
        UserPrincipalName = state.User!.UserPrincipalName;
        return Page();
    }

    [LoggerMessage(EventId = 3211, Level = LogLevel.Information, Message = "MFA enrolment confirmed for user {UserId}")]
    private partial void LogEnrolled(Guid userId);
}
