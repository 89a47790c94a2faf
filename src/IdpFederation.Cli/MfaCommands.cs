using System.CommandLine;
using IdpFederation.Core.Auditing;
using IdpFederation.Core.Directory;
using IdpFederation.Core.Mfa;
using IdpFederation.Core.SignIn;
using IdpFederation.Core.State;

namespace IdpFederation.Cli;

/// <summary>idpfed mfa status|reset|recovery-codes: an administrator's view of a user's TOTP enrolment.</summary>
internal static class MfaCommands
{
    public static Command Create(CliContext context) => new("mfa", "Inspect and reset users' multi-factor enrolment.")
    {
        Status(context),
        Reset(context),
        IssueRecoveryCodes(context),
    };

    private static Argument<string> Upn() => new("upn") { Description = "User principal name, e.g. alice@contoso.com." };

    private static Command Status(CliContext context)
    {
        var upn = Upn();
        var json = new Option<bool>("--json") { Description = "Print JSON instead of text." };
        var command = new Command("status", "Show whether a user is enrolled, since when, and how many recovery codes are left.") { upn, json };
        command.SetAction(context.Run(async (parse, session, ct) =>
        {
            var user = await RequireUserAsync(session, parse.GetRequiredValue(upn), ct).ConfigureAwait(false);
            var enrollment = await session.Get<IMfaEnrollmentStore>().GetAsync(user.Id, ct).ConfigureAwait(false);
            var view = MfaStatusView.From(user, enrollment);
            if (parse.GetValue(json))
            {
                CliOutput.WriteJson(context.Console.Out, view);
                return;
            }

            var output = context.Console.Out;
            output.WriteLine($"UserPrincipalName:  {view.UserPrincipalName}");
            output.WriteLine($"Enrolled:           {(view.Enrolled ? "yes" : "no")}");
            output.WriteLine($"EnrolledAt:         {(view.EnrolledAt is { } created ? CliOutput.Timestamp(created) : "-")}");
            output.WriteLine($"Confirmed:          {(view.ConfirmedAt is { } confirmed ? CliOutput.Timestamp(confirmed) : view.Enrolled ? "not yet" : "-")}");
            output.WriteLine($"RecoveryCodesLeft:  {view.RecoveryCodesLeft}");
        }));
        return command;
    }

    private static Command Reset(CliContext context)
    {
        var upn = Upn();
        var command = new Command("reset", "Remove a user's MFA enrolment (they enrol again at the next sign-in that needs MFA) and end their sessions.") { upn };
        command.SetAction(context.Run(async (parse, session, ct) =>
        {
            var user = await RequireUserAsync(session, parse.GetRequiredValue(upn), ct).ConfigureAwait(false);
            if (!await session.Get<IMfaEnrollmentStore>().DeleteAsync(user.Id, ct).ConfigureAwait(false))
            {
                throw new CliRefusedException($"{user.UserPrincipalName} has no MFA enrolment to reset.");
            }

            // Remembered devices are bound to the enrolment's confirmation instant, so deleting it revoked them all.
            await AuditAsync(session, user, MfaAuditReasons.Reset, ct).ConfigureAwait(false);
            // A session that already passed MFA with the old authenticator must not outlive the reset.
            var done = $"MFA enrolment and remembered devices removed for {user.UserPrincipalName}";
            var ended = await UserSessionRevocation.EndSessionsAsync(session, user.UserPrincipalName, done, ct).ConfigureAwait(false);
            if (session.HasSharedState)
            {
                // Wrong codes typed against the old authenticator should not lock the user out of enrolling anew.
                await session.Get<ICounterStore>().ResetAsync(TotpVerifier.FailureCounterKey(MfaAuthenticator.UserKey(user)), ct).ConfigureAwait(false);
            }

            context.Console.Out.WriteLine($"{done}.{ended}");
        }));
        return command;
    }

    private static Command IssueRecoveryCodes(CliContext context)
    {
        var upn = Upn();
        var command = new Command("recovery-codes", "Replace a user's recovery codes with new ones, printed once.") { upn };
        command.SetAction(context.Run(async (parse, session, ct) =>
        {
            var user = await RequireUserAsync(session, parse.GetRequiredValue(upn), ct).ConfigureAwait(false);
            var store = session.Get<IMfaEnrollmentStore>();
            var issued = RecoveryCodes.Issue();
            // Only the hashes are stored; the codes exist from here on only in this output.
            if (!await store.ReplaceRecoveryCodesAsync(user.Id, issued.Hashes, ct).ConfigureAwait(false))
            {
                throw new CliRefusedException($"{user.UserPrincipalName} is not enrolled in MFA: recovery codes come with an enrolment.");
            }

            await AuditAsync(session, user, MfaAuditReasons.RecoveryCodesReissued, ct).ConfigureAwait(false);
            var output = context.Console.Out;
            output.WriteLine($"New recovery codes for {user.UserPrincipalName} (the old ones no longer work). They are shown only now:");
            foreach (var code in issued.Codes)
            {
                output.WriteLine(code);
            }
        }));
        return command;
    }

    private static Task AuditAsync(CliSession session, DirectoryUser user, string reason, CancellationToken ct) =>
        session.Get<IAuditLog>().WriteAsync(new AuditEvent
        {
            Timestamp = session.Get<TimeProvider>().GetUtcNow(),
            EventType = AuditEventTypes.Mfa,
            Outcome = AuditOutcomes.Success,
            Username = user.UserPrincipalName,
            Reason = reason,
            Details = "{\"by\":\"idpfed\"}",
        }, ct);

    private static async Task<DirectoryUser> RequireUserAsync(CliSession session, string upn, CancellationToken ct) =>
        await session.Get<IUserDirectory>().FindByUpnAsync(upn, ct).ConfigureAwait(false)
        ?? throw new DirectoryException(DirectoryError.UserNotFound, $"User '{upn.Trim()}' does not exist.");
}
