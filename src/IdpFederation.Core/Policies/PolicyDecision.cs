namespace IdpFederation.Core.Policies;

public enum PolicyOutcome
{
    Allow = 0,
    RequireMfa,
    Deny,
}

/// <summary>One rule's verdict, with the reasons a what-if run prints.</summary>
public sealed record RuleEvaluation(string Name, bool Enabled, bool ReportOnly, string Action, bool Matched, IReadOnlyList<string> Reasons);

/// <summary>The outcome of all rules, and what each contributed.</summary>
public sealed record PolicyDecision(PolicyOutcome Outcome, IReadOnlyList<RuleEvaluation> Rules, bool InsideCorporateNetwork)
{
    /// <summary>Enforced rules that matched and decided or contributed to the outcome.</summary>
    public IEnumerable<string> MatchedRules => Rules.Where(r => r.Matched && !r.ReportOnly).Select(r => r.Name);

    /// <summary>Report-only rules that matched: what would have happened.</summary>
    public IEnumerable<string> ReportOnlyMatches => Rules.Where(r => r.Matched && r.ReportOnly).Select(r => $"{r.Name}:{r.Action}");

    /// <summary>
    /// When MFA is required: for how many days the device may be remembered, the smallest any enforced rule that
    /// requires MFA here allows; null when one of those rules allows no remembering, or when the outcome is not MFA.
    /// </summary>
    public int? RememberDeviceDays { get; init; }
}
