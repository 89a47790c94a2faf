using IdpFederation.Core.Policies;

namespace IdpFederation.Cli;

/// <summary>
/// What "policy test" prints: the decision, what it was evaluated against, and every rule's verdict.
/// RememberDeviceDays: when MFA is required, how long the device may be remembered afterwards (null: not at all).
/// </summary>
internal sealed record PolicyTestReport(
    string Decision,
    int? RememberDeviceDays,
    bool InsideCorporateNetwork,
    bool BannedIp,
    PolicyTestInput Input,
    string PolicyFile,
    IReadOnlyList<string> MatchedRules,
    IReadOnlyList<string> ReportOnlyMatches,
    IReadOnlyList<PolicyTestRule> Rules)
{
    public static PolicyTestReport From(CompiledPolicy policy, PolicyContext context, bool userEnabled, string countrySource)
    {
        var decision = policy.Evaluate(context);
        return new PolicyTestReport(
            decision.Outcome.ToString(),
            decision.RememberDeviceDays,
            decision.InsideCorporateNetwork,
            context.ClientIp is { } ip && policy.Lockout.BannedRanges.Any(r => r.Contains(ip)),
            new PolicyTestInput(context.UserPrincipalName, userEnabled, context.Roles.ToList(), context.RelyingParty,
                context.ClientKind == ClientKind.Active ? "active" : "browser", context.ClientIp?.ToString(), context.Country,
                countrySource, CliOutput.Timestamp(context.Time)),
            policy.Source,
            decision.MatchedRules.ToList(),
            decision.ReportOnlyMatches.ToList(),
            // Evaluate reports every rule in file order, so verdicts and compiled rules pair up by position.
            decision.Rules.Zip(policy.Rules, (verdict, rule) => PolicyTestRule.From(verdict, verdict.Matched ? rule.Effect(context) : null)).ToList());
    }

    public void WriteText(TextWriter output)
    {
        output.WriteLine($"Decision:                 {Decision}");
        if (RememberDeviceDays is { } days)
        {
            output.WriteLine($"Remember device:          {days} {(days == 1 ? "day" : "days")}");
        }

        output.WriteLine($"Inside corporate network: {YesNo(InsideCorporateNetwork)}");
        if (BannedIp)
        {
            // Banned IPs are refused before any password is checked, whatever the rules say.
            output.WriteLine("Banned IP:                yes (lockout.bannedIps: every password attempt is refused)");
        }

        output.WriteLine($"User:                     {Input.User}{(Input.UserEnabled ? "" : " (disabled: the sign-in fails before the policy)")}");
        output.WriteLine($"Roles:                    {(Input.Roles.Count == 0 ? "-" : string.Join(", ", Input.Roles))}");
        output.WriteLine($"App:                      {Input.App}");
        output.WriteLine($"Client:                   {Input.Client} from {Input.Ip}");
        output.WriteLine($"Country:                  {Input.Country ?? "unknown"} ({Input.CountrySource})");
        output.WriteLine($"Time (UTC):               {Input.Time}");
        output.WriteLine($"Policy file:              {PolicyFile}");
        output.WriteLine();
        if (Rules.Count == 0)
        {
            output.WriteLine("No rules: a password sign-in is allowed.");
            return;
        }

        output.WriteLine("Rules (every enabled rule is evaluated; a matching deny wins, then requireMfa; report-only rules never change the decision):");
        foreach (var rule in Rules)
        {
            var verdict = !rule.Enabled ? "disabled" : rule.Matched ? "MATCH" : "no match";
            var effect = rule.Effect is { } outcome ? $" => {outcome}" + (rule.ReportOnly ? " (not enforced)" : "") : "";
            output.WriteLine($"  {verdict,-9} {rule.Name} -> {rule.Action}{(rule.ReportOnly ? " [report-only]" : "")}{effect}");
            foreach (var reason in rule.Reasons)
            {
                output.WriteLine($"              {reason}");
            }
        }
    }

    private static string YesNo(bool value) => value ? "yes" : "no";
}

internal sealed record PolicyTestInput(
    string User, bool UserEnabled, IReadOnlyList<string> Roles, string App, string Client, string? Ip, string? Country, string CountrySource, string Time);

/// <summary>One rule's verdict; Effect is what a match contributes (requireMfaOutside: Allow inside its trusted network).</summary>
internal sealed record PolicyTestRule(
    string Name, bool Enabled, string Mode, bool ReportOnly, string Action, bool Matched, string? Effect, IReadOnlyList<string> Reasons)
{
    public static PolicyTestRule From(RuleEvaluation rule, PolicyOutcome? effect) =>
        new(rule.Name, rule.Enabled, rule.ReportOnly ? "reportOnly" : "enforce", rule.ReportOnly, rule.Action, rule.Matched, effect?.ToString(), rule.Reasons);
}
