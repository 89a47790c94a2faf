using IdpFederation.Core.SignIn;

namespace IdpFederation.Core.Pipeline;

/// <summary>
/// MFA is not offered yet, so a request that demands it is refused rather than answered with a token that could be
/// mistaken for MFA (spec §1.5: Entra would otherwise re-prompt or fail with AADSTS50079). It runs first, so the
/// user is told before typing a password that cannot help.
/// </summary>
public sealed class MfaRequirementStep : ISignInStep
{
    public string Name => "mfa";

    public ValueTask<SignInDecision> EvaluateAsync(SignInContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Request.MfaRequested)
        {
            return ValueTask.FromResult(SignInDecision.Deny(SignInErrorCodes.MfaUnavailable, "mfa requested but not available",
                "The application asked for multi-factor authentication, which this sign-in service does not offer yet.", 400));
        }

        return ValueTask.FromResult(SignInDecision.Continue());
    }
}
