using IdpFederation.Core.Policies;
using IdpFederation.Core.SignIn;
using IdpFederation.Core.Telemetry;

namespace IdpFederation.Tests.Telemetry;

/// <summary>The sign-in instruments record under the documented names, with tags from closed sets only.</summary>
[Trait("Kind", "Unit")]
public sealed class SignInMetricsTests
{
    [Fact]
    public void A_sign_in_is_counted_by_protocol_and_outcome()
    {
        using var recorder = new MeasurementRecorder();
        var metrics = new SignInMetrics(recorder.MeterFactory);

        metrics.RecordSignIn(SignInProtocol.WsFederation, SignInOutcomes.Success);

        var (value, tags) = Assert.Single(recorder.Of("idpfed.signins"));
        Assert.Equal(1, value);
        Assert.Equal(new Dictionary<string, string?> { ["protocol"] = "wsfed", ["outcome"] = "success" }, tags);
    }

    [Fact]
    public void Token_issuance_time_is_recorded_in_seconds_by_method()
    {
        using var recorder = new MeasurementRecorder();
        var metrics = new SignInMetrics(recorder.MeterFactory);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();

        metrics.RecordTokenIssued(SignInProtocol.WsFederation, sso: true, started);

        var (value, tags) = Assert.Single(recorder.Of("idpfed.token.issue.duration"));
        Assert.InRange(value, 0, 5);
        Assert.Equal("sso", tags["method"]);
        Assert.Equal("wsfed", tags["protocol"]);
    }

    [Fact]
    public void Each_matched_rule_is_counted_by_name_and_action_and_no_enforced_match_counts_as_the_default()
    {
        using var recorder = new MeasurementRecorder();
        var metrics = new SignInMetrics(recorder.MeterFactory);
        var reportOnly = new RuleEvaluation("Trial block", true, ReportOnly: true, "deny", Matched: true, []);
        var unmatched = new RuleEvaluation("Block hostile", true, ReportOnly: false, "deny", Matched: false, []);

        metrics.RecordPolicyDecision(new PolicyDecision(PolicyOutcome.Allow, [reportOnly, unmatched], false));
        metrics.RecordPolicyDecision(new PolicyDecision(PolicyOutcome.Deny, [unmatched with { Matched = true }], false));

        var decisions = recorder.Of("idpfed.policy.decisions").Select(m => $"{m.Tags["rule"]}|{m.Tags["decision"]}|{m.Tags["report_only"]}").ToList();
        Assert.Equal(["Trial block|deny|true", "(default)|allow|false", "Block hostile|deny|false"], decisions);
    }

    [Fact]
    public void Mfa_outcomes_use_fixed_names_and_a_locked_out_code_is_also_a_lockout()
    {
        using var recorder = new MeasurementRecorder();
        var metrics = new SignInMetrics(recorder.MeterFactory);

        metrics.RecordMfaOutcome(MfaAuditReasons.CodeAccepted);
        metrics.RecordMfaOutcome(MfaAuditReasons.LockedOut);
        metrics.RecordMfaOutcome(MfaAuditReasons.Reset);
        metrics.RecordLockout("password", enforced: false);

        Assert.Equal(["code_accepted", "locked_out"], recorder.Of("idpfed.mfa.outcomes").Select(m => m.Tags["outcome"]));
        Assert.Equal(["mfa|enforce", "password|log_only"], recorder.Of("idpfed.lockouts").Select(m => $"{m.Tags["factor"]}|{m.Tags["mode"]}"));
    }

    [Fact]
    public void Nothing_is_recorded_when_nobody_listens()
    {
        // The unobserved instance is what unit tests and tools get; recording into it must be harmless.
        SignInMetrics.Unobserved.RecordSignIn(SignInProtocol.WsFederation, SignInOutcomes.Denied);
        SignInMetrics.Unobserved.RecordPolicyDecision(new PolicyDecision(PolicyOutcome.Allow, [], false));
        PasswordHashingMetrics.Unobserved.RecordStarted(System.Diagnostics.Stopwatch.GetTimestamp());
    }
}
