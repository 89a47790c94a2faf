namespace IdpFederation.Core.Pipeline;

/// <summary>One ordered check of the sign-in pipeline, shared by every protocol.</summary>
public interface ISignInStep
{
    /// <summary>Short, stable name for logs and audit.</summary>
    string Name { get; }

    ValueTask<SignInDecision> EvaluateAsync(SignInContext context, CancellationToken cancellationToken);
}
