using IdpFederation.Core.Configuration;
using IdpFederation.Core.Mfa;
using IdpFederation.Core.Policies;
using IdpFederation.Core.Sessions;
using IdpFederation.Core.SignIn;
using Microsoft.Extensions.Options;

namespace IdpFederation.Core.Pipeline;

/// <summary>
/// Decides whether this sign-in needs a second factor, from the policy's verdict and from the relying party's own
/// demand (wauth=…/multipleauthn, spec §1.1), and whether the session, a remembered device, a code page or enrolment
/// answers it. It runs last, after the policy step, so a deny is never turned into an MFA prompt.
/// </summary>
public sealed class MfaStep : ISignInStep
{
    private readonly IMfaEnrollmentStore _enrollments;
    private readonly MfaAuthenticator _mfa;
    private readonly RememberedDeviceTokens _devices;
    private readonly IOptionsMonitor<IdpOptions> _options;
    private readonly TimeProvider _time;
    private readonly MfaEnrollmentStampCache _stamps;

    public MfaStep(IMfaEnrollmentStore enrollments, MfaAuthenticator mfa, RememberedDeviceTokens devices, IOptionsMonitor<IdpOptions> options,
        TimeProvider time, MfaEnrollmentStampCache stamps)
    {
        _stamps = stamps;
        _enrollments = enrollments;
        _mfa = mfa;
        _devices = devices;
        _options = options;
        _time = time;
    }

    public string Name => "mfa";

    public async ValueTask<SignInDecision> EvaluateAsync(SignInContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var session = context.Session!;
        var user = context.User!;
        var now = _time.GetUtcNow();
        var options = _options.CurrentValue.Mfa;
        // The session's MFA counts only within the lifetime and only with the enrolment it was proved with, so an
        // administrator's reset ends it everywhere, even for sessions the CLI cannot reach.
        context.MultiFactorAuthenticated = session.HasMultiFactorWithin(options.Lifetime, now)
            && session.MultiFactorEnrollmentStamp is { } stamp
            && await _stamps.GetAsync(user.Id, cancellationToken).ConfigureAwait(false) == stamp;

        var byPolicy = context.Policy?.Outcome == PolicyOutcome.RequireMfa;
        var byRequest = context.Request.MfaRequested;
        if (!byPolicy && !byRequest)
        {
            return SignInDecision.Continue("mfa not required");
        }

        context.MfaRequiredBy = byPolicy && byRequest ? "policy, relying party" : byPolicy ? "policy" : "relying party";
        if (context.MultiFactorAuthenticated)
        {
            return SignInDecision.Continue("mfa done in this session");
        }

        context.RememberDeviceDays = byPolicy ? context.Policy!.RememberDeviceDays : null;
        var enrollment = await _enrollments.GetAsync(user.Id, cancellationToken).ConfigureAwait(false);
        context.MfaEnrollment = enrollment;
        if (enrollment is { IsConfirmed: true })
        {
            if (await _mfa.LockedOutAsync(user, cancellationToken).ConfigureAwait(false) is not null)
            {
                return SignInDecision.Deny(SignInErrorCodes.MfaLockedOut, "mfa locked out",
                    "Too many incorrect verification codes. Wait a while and try again, or contact your help desk.", 429);
            }

            // A remembered device stands in for the code only where the administrator's policy allows it. A relying
            // party's explicit demand always gets a real second factor, because the token will then claim MFA.
            if (!byRequest && context.RememberDeviceDays is { } days && _devices.IsRemembered(context.RememberedDeviceToken, user, enrollment, days))
            {
                context.MfaSatisfiedByRememberedDevice = true;
                return SignInDecision.Continue("remembered device");
            }

            return SignInDecision.RequireMfa("mfa required by " + context.MfaRequiredBy);
        }

        // Enrolling binds an authenticator to the account for good, so it takes a password typed on this very flow's
        // login page (the session records which), not merely a session cookie that might have been stolen.
        var passwordAge = now - session.AuthenticatedAt;
        if (context.PendingSignInId is { } flow && session.AuthenticatedForSignIn == SessionIds.StorageKey(flow)
            && session.AuthenticatedAt >= context.Request.ReceivedAt && passwordAge <= options.EnrollmentWindow)
        {
            return SignInDecision.RequireMfaEnrollment("mfa required by " + context.MfaRequiredBy + "; not enrolled");
        }

        return SignInDecision.RequireLogin("mfa enrolment needs a fresh password");
    }
}
