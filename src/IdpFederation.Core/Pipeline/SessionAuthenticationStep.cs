namespace IdpFederation.Core.Pipeline;

/// <summary>A live session is needed, and for wfresh=0 its password check must postdate the request.</summary>
public sealed class SessionAuthenticationStep : ISignInStep
{
    public string Name => "authenticated";

    public ValueTask<SignInDecision> EvaluateAsync(SignInContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Session is null)
        {
            return ValueTask.FromResult(SignInDecision.RequireLogin("no session"));
        }

        if (context.Request.ForceFreshAuthentication && context.Session.AuthenticatedAt < context.Request.ReceivedAt)
        {
            return ValueTask.FromResult(SignInDecision.RequireLogin("fresh authentication requested"));
        }

        return ValueTask.FromResult(SignInDecision.Continue());
    }
}
