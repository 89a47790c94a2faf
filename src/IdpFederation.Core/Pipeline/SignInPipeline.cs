using IdpFederation.Core.Telemetry;
using Microsoft.Extensions.Logging;

namespace IdpFederation.Core.Pipeline;

/// <summary>
/// Runs the steps in order and stops at the first that does not continue; every decision is logged, and is an event on
/// the caller's sign-in span (<see cref="SignInTracing"/>) when spans are recorded.
/// </summary>
public sealed partial class SignInPipeline
{
    private readonly IReadOnlyList<ISignInStep> _steps;
    private readonly ILogger<SignInPipeline> _logger;

    public SignInPipeline(IEnumerable<ISignInStep> steps, ILogger<SignInPipeline> logger)
    {
        _steps = steps.ToArray();
        _logger = logger;
    }

    public async Task<SignInDecision> RunAsync(SignInContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var step in _steps)
        {
            var decision = await step.EvaluateAsync(context, cancellationToken).ConfigureAwait(false);
            SignInTracing.StepEvaluated(step.Name, decision);
            if (decision.Kind != SignInDecisionKind.Continue)
            {
                LogStopped(step.Name, decision.Kind, decision.Reason, context.Request.RelyingParty.Realm);
                return decision;
            }
        }

        LogCompleted(context.User?.Id, context.Request.RelyingParty.Realm);
        return SignInDecision.Continue("all steps passed");
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Sign-in pipeline stopped at {Step}: {Decision} ({Reason}) for {Realm}")]
    private partial void LogStopped(string step, SignInDecisionKind decision, string reason, string realm);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Debug, Message = "Sign-in pipeline passed for user {UserId} and {Realm}")]
    private partial void LogCompleted(Guid? userId, string realm);
}
