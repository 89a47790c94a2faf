using IdpFederation.Core.Networks;
using IdpFederation.Core.Policies;
using IdpFederation.Core.SignIn;
using IdpFederation.Core.Telemetry;
using Microsoft.Extensions.Logging;

namespace IdpFederation.Core.Pipeline;

/// <summary>
/// Evaluates the administrator's rules (IP ranges, countries, users, roles, times). The user sees only a generic
/// refusal with a reference; which rule decided is in the log and the audit record.
/// </summary>
public sealed partial class PolicyStep : ISignInStep
{
    private readonly IPolicyProvider _policies;
    private readonly ICountryLookup _countries;
    private readonly TimeProvider _time;
    private readonly ILogger<PolicyStep> _logger;
    private readonly SignInMetrics _metrics;

    public PolicyStep(IPolicyProvider policies, ICountryLookup countries, TimeProvider time, ILogger<PolicyStep> logger, SignInMetrics? metrics = null)
    {
        _metrics = metrics ?? SignInMetrics.Unobserved;
        _policies = policies;
        _countries = countries;
        _time = time;
        _logger = logger;
    }

    public string Name => "policy";

    public ValueTask<SignInDecision> EvaluateAsync(SignInContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var user = context.User!;
        context.Country = context.ClientAddress is { } address ? _countries.Lookup(address) : null;
        var policy = _policies.Current;
        var decision = policy.Evaluate(new PolicyContext
        {
            UserPrincipalName = user.UserPrincipalName,
            Roles = user.Roles.ToArray(),
            RelyingParty = context.Request.RelyingParty.Realm,
            ClientKind = context.ClientKind,
            ClientIp = context.ClientAddress,
            Country = context.Country,
            Time = _time.GetUtcNow(),
        });
        context.Policy = decision;
        _metrics.RecordPolicyDecision(decision);
        LogDecision(user.Id, decision.Outcome, decision.MatchedRules, decision.ReportOnlyMatches, context.Country);

        return ValueTask.FromResult(decision.Outcome switch
        {
            PolicyOutcome.Deny => SignInDecision.Deny(SignInErrorCodes.PolicyDenied, "denied by policy",
                "Your organisation's sign-in policy does not allow this sign-in. Contact your help desk with the reference below."),
            // RequireMfa is acted on by the MFA step that follows, which also hears the relying party's demand.
            _ => SignInDecision.Continue(),
        });
    }

    [LoggerMessage(EventId = 2101, Level = LogLevel.Information, Message = "Policy for user {UserId}: {Outcome}; enforced rules matched [{Rules}]; report-only matched [{ReportOnly}]; country {Country}")]
    private partial void LogDecision(Guid userId, PolicyOutcome outcome, IEnumerable<string> rules, IEnumerable<string> reportOnly, string? country);
}
