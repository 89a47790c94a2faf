using System.Net;
using IdpFederation.Core.Networks;

namespace IdpFederation.Core.Policies;

/// <summary>
/// A validated policy file, ready to evaluate. Semantics (README "Sign-in policies"): every enabled rule is
/// evaluated; a matching enforced deny wins; otherwise MFA is required if any matching enforced rule asks for it;
/// report-only rules are evaluated and reported but never change the outcome.
/// </summary>
public sealed class CompiledPolicy
{
    public CompiledPolicy(IReadOnlyList<CompiledRule> rules, IReadOnlyList<IpRange> corporateRanges, CompiledLockout lockout, string source)
    {
        Rules = rules;
        CorporateRanges = corporateRanges;
        Lockout = lockout;
        Source = source;
    }

    /// <summary>No rules: every sign-in that passes authentication is allowed with a password.</summary>
    public static CompiledPolicy Empty { get; } = new([], [], CompiledLockout.Default, "(no policy file)");

    public IReadOnlyList<CompiledRule> Rules { get; }
    public IReadOnlyList<IpRange> CorporateRanges { get; }
    public CompiledLockout Lockout { get; }
    public string Source { get; }

    public bool IsInsideCorporateNetwork(IPAddress? address) => address is not null && CorporateRanges.Any(r => r.Contains(address));

    public PolicyDecision Evaluate(PolicyContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var results = new List<RuleEvaluation>(Rules.Count);
        var outcome = PolicyOutcome.Allow;
        // Over the enforced rules requiring MFA here: the fewest remembered-device days, and whether all allow some.
        var rememberDays = int.MaxValue;
        var requiresMfa = false;
        var allRemember = true;
        foreach (var rule in Rules)
        {
            var evaluation = rule.Evaluate(context);
            results.Add(evaluation);
            if (!evaluation.Matched || evaluation.ReportOnly)
            {
                continue;
            }

            var effect = rule.Effect(context);
            if (effect == PolicyOutcome.RequireMfa)
            {
                requiresMfa = true;
                allRemember &= rule.RememberDeviceDays is not null;
                rememberDays = Math.Min(rememberDays, rule.RememberDeviceDays ?? int.MaxValue);
            }

            if (effect > outcome)
            {
                outcome = effect;
            }
        }

        return new PolicyDecision(outcome, results, IsInsideCorporateNetwork(context.ClientIp))
        {
            // The strictest rule wins: one MFA rule that allows no remembering means no remembering.
            RememberDeviceDays = outcome == PolicyOutcome.RequireMfa && requiresMfa && allRemember ? rememberDays : null,
        };
    }
}
