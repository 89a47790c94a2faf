using IdpFederation.Core.Directory;
using IdpFederation.Core.Domains;
using IdpFederation.Core.SignIn;

namespace IdpFederation.Core.Pipeline;

/// <summary>
/// Re-reads the user (through a cache of a few seconds) for every token, so that disabling or deleting an account
/// stops SSO promptly rather than when the session ends.
/// </summary>
public sealed class AccountActiveStep : ISignInStep
{
    private readonly ActiveUserCache _users;
    private readonly FederatedDomainCatalog _domains;

    public AccountActiveStep(ActiveUserCache users, FederatedDomainCatalog domains)
    {
        _users = users;
        _domains = domains;
    }

    public string Name => "account-active";

    public async ValueTask<SignInDecision> EvaluateAsync(SignInContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Session is null)
        {
            return SignInDecision.RequireLogin("no session");
        }

        var upn = context.Session.UserPrincipalName;
        var user = await _users.FindByUpnAsync(upn, cancellationToken).ConfigureAwait(false);
        if (user is null)
        {
            return SignInDecision.Deny(SignInErrorCodes.AccountNotFound, "user no longer exists",
                "Your account could not be found. Contact your administrator.");
        }

        if (!user.Enabled)
        {
            return SignInDecision.Deny(SignInErrorCodes.AccountDisabled, "account disabled",
                "Your account is disabled. Contact your administrator.");
        }

        if (_domains.FindForUserPrincipalName(user.UserPrincipalName) is null)
        {
            return SignInDecision.Deny(SignInErrorCodes.DomainNotFederated, "user's domain is not federated",
                "Your account's domain is not set up for sign-in here. Contact your administrator.");
        }

        context.User = user;
        return SignInDecision.Continue();
    }
}
