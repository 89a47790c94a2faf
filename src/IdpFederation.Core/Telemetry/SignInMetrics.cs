using System.Diagnostics;
using System.Diagnostics.Metrics;
using IdpFederation.Core.Policies;
using IdpFederation.Core.SignIn;

namespace IdpFederation.Core.Telemetry;

/// <summary>
/// The sign-in instruments (meter <see cref="IdpTelemetryNames.SignInMeter"/>). Every tag value comes from a closed set
/// fixed in code or from the administrator's policy (rule names), never from the request: no username, address,
/// client-request-id or token fragment ever becomes a label. Each method returns at once when nothing listens (metrics
/// off), and records with a stack-allocated <see cref="TagList"/>, so the SSO hot path allocates nothing for them.
/// </summary>
public sealed class SignInMetrics
{
    private readonly Counter<long> _signIns;
    private readonly Histogram<double> _tokenIssueDuration;
    private readonly Counter<long> _policyDecisions;
    private readonly Counter<long> _mfaOutcomes;
    private readonly Counter<long> _lockouts;

    public SignInMetrics(IMeterFactory? meterFactory)
    {
        var meter = IdpMeters.Create(meterFactory, IdpTelemetryNames.SignInMeter);
        _signIns = meter.CreateCounter<long>(IdpTelemetryNames.SignIns, "{sign-in}",
            "Sign-in requests handled, by protocol and outcome (a sign-in that needs the login page counts once as login_required, then once more when it ends).");
        _tokenIssueDuration = meter.CreateHistogram<double>(IdpTelemetryNames.TokenIssueDuration, "s",
            "Time from the sign-in request reaching the orchestrator to its signed token being ready, for issued tokens.",
            advice: IdpMeters.SecondsBuckets);
        _policyDecisions = meter.CreateCounter<long>(IdpTelemetryNames.PolicyDecisions, "{decision}",
            "Sign-in policy rules that matched, by rule name and action; rule (default) when no enforced rule matched.");
        _mfaOutcomes = meter.CreateCounter<long>(IdpTelemetryNames.MfaOutcomes, "{outcome}", "Second-factor outcomes, as audited.");
        _lockouts = meter.CreateCounter<long>(IdpTelemetryNames.Lockouts, "{attempt}",
            "Attempts refused by a lockout (or, in log-only mode, that would have been), by factor.");
    }

    /// <summary>For code built without the container (unit tests, tools): instruments nobody subscribes to.</summary>
    public static SignInMetrics Unobserved { get; } = new(null);

    public void RecordSignIn(SignInProtocol protocol, string outcome)
    {
        if (_signIns.Enabled)
        {
            _signIns.Add(1, new KeyValuePair<string, object?>("protocol", SignInOutcomes.ProtocolName(protocol)), new("outcome", outcome));
        }
    }

    /// <param name="startedAt">A <see cref="Stopwatch.GetTimestamp"/> taken when the request reached the orchestrator.</param>
    /// <param name="sso">True when an existing session answered (no password typed in this sign-in).</param>
    public void RecordTokenIssued(SignInProtocol protocol, bool sso, long startedAt)
    {
        if (_tokenIssueDuration.Enabled)
        {
            _tokenIssueDuration.Record(Stopwatch.GetElapsedTime(startedAt).TotalSeconds,
                new KeyValuePair<string, object?>("protocol", SignInOutcomes.ProtocolName(protocol)), new("method", sso ? "sso" : "password"));
        }
    }

    public void RecordPolicyDecision(PolicyDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        if (!_policyDecisions.Enabled)
        {
            return;
        }

        var enforcedMatch = false;
        var rules = decision.Rules;
        for (var i = 0; i < rules.Count; i++)
        {
            var rule = rules[i];
            if (rule.Matched)
            {
                enforcedMatch |= !rule.ReportOnly;
                var tags = new TagList { { "rule", rule.Name }, { "decision", rule.Action }, { "report_only", rule.ReportOnly ? "true" : "false" } };
                _policyDecisions.Add(1, in tags);
            }
        }

        if (!enforcedMatch)
        {
            var tags = new TagList { { "rule", "(default)" }, { "decision", "allow" }, { "report_only", "false" } };
            _policyDecisions.Add(1, in tags);
        }
    }

    /// <param name="auditReason">One of <see cref="MfaAuditReasons"/>; administrative events (reset, reissue) are not outcomes and are skipped.</param>
    public void RecordMfaOutcome(string auditReason)
    {
        if (!_mfaOutcomes.Enabled && !_lockouts.Enabled)
        {
            return;
        }

        var outcome = MfaOutcomeName(auditReason);
        if (outcome is null)
        {
            return;
        }

        _mfaOutcomes.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
        if (auditReason == MfaAuditReasons.LockedOut)
        {
            RecordLockout("mfa", enforced: true);
        }
    }

    /// <param name="factor">"password" or "mfa".</param>
    /// <param name="enforced">False in the password lockout's log-only mode: the attempt went ahead.</param>
    public void RecordLockout(string factor, bool enforced)
    {
        if (_lockouts.Enabled)
        {
            _lockouts.Add(1, new KeyValuePair<string, object?>("factor", factor), new("mode", enforced ? "enforce" : "log_only"));
        }
    }

    private static string? MfaOutcomeName(string auditReason) => auditReason switch
    {
        MfaAuditReasons.CodeAccepted => "code_accepted",
        MfaAuditReasons.CodeRefused => "code_refused",
        MfaAuditReasons.CodeReplayed => "code_replayed",
        MfaAuditReasons.RecoveryCodeUsed => "recovery_code_accepted",
        MfaAuditReasons.RecoveryCodeRefused => "recovery_code_refused",
        MfaAuditReasons.LockedOut => "locked_out",
        MfaAuditReasons.RememberedDevice => "remembered_device",
        MfaAuditReasons.Enrolled => "enrolled",
        MfaAuditReasons.AuthenticatorUnreadable => "authenticator_unreadable",
        MfaAuditReasons.Reset or MfaAuditReasons.RecoveryCodesReissued => null,
        _ => "other",
    };
}
