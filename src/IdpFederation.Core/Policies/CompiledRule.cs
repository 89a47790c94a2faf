using IdpFederation.Core.Networks;

namespace IdpFederation.Core.Policies;

public enum RuleAction
{
    Allow = 1,
    Deny,
    RequireMfa,
    RequireMfaOutside,
}

public sealed class CompiledRule
{
    public required string Name { get; init; }
    public required bool Enabled { get; init; }
    public required bool ReportOnly { get; init; }
    public required RuleAction Action { get; init; }
    public required IReadOnlyList<IRuleCondition> Conditions { get; init; }

    /// <summary>For <see cref="RuleAction.RequireMfaOutside"/>.</summary>
    public IReadOnlyList<IpRange> TrustedRanges { get; init; } = [];

    /// <summary>For MFA actions: how long a device may be remembered after MFA; null means never.</summary>
    public int? RememberDeviceDays { get; init; }

    public RuleEvaluation Evaluate(PolicyContext context)
    {
        var actionName = ActionName(Action);
        if (!Enabled)
        {
            return new RuleEvaluation(Name, false, ReportOnly, actionName, false, ["disabled"]);
        }

        var reasons = new List<string>(Conditions.Count);
        var matched = true;
        foreach (var condition in Conditions)
        {
            var (ok, reason) = condition.Test(context);
            reasons.Add((ok ? "match: " : "no match: ") + reason);
            matched &= ok;
        }

        if (Conditions.Count == 0)
        {
            reasons.Add("match: no conditions");
        }

        return new RuleEvaluation(Name, true, ReportOnly, actionName, matched, reasons);
    }

    /// <summary>What a matching enforced rule does to the outcome.</summary>
    public PolicyOutcome Effect(PolicyContext context) => Action switch
    {
        RuleAction.Deny => PolicyOutcome.Deny,
        RuleAction.RequireMfa => PolicyOutcome.RequireMfa,
        RuleAction.RequireMfaOutside when context.ClientIp is null || !TrustedRanges.Any(r => r.Contains(context.ClientIp)) => PolicyOutcome.RequireMfa,
        _ => PolicyOutcome.Allow,
    };

    public static string ActionName(RuleAction action) => action switch
    {
        RuleAction.Allow => "allow",
        RuleAction.Deny => "deny",
        RuleAction.RequireMfa => "requireMfa",
        _ => "requireMfaOutside",
    };
}
