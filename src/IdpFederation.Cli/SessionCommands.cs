using System.CommandLine;

namespace IdpFederation.Cli;

/// <summary>idpfed session list|revoke: the SSO sessions of one user, as every server instance sees them in Redis.</summary>
internal static class SessionCommands
{
    public static Command Create(CliContext context) => new("session", "List or end a user's SSO sessions (needs Idp:State:Redis).")
    {
        List(context),
        Revoke(context),
    };

    private static Option<string> UserOption() => new("--user")
    {
        Description = "User principal name, e.g. alice@contoso.com.",
        Required = true,
    };

    private static Command List(CliContext context)
    {
        var user = UserOption();
        var json = new Option<bool>("--json") { Description = "Print JSON instead of text." };
        var command = new Command("list", "List a user's live sessions, newest first.") { user, json };
        command.SetAction(context.Run(
            async (parse, session, ct) =>
            {
                var upn = parse.GetRequiredValue(user).Trim();
                var sessions = await session.RequireSharedSessions().ListForUserAsync(upn, ct).ConfigureAwait(false);
                var views = sessions.Select(SessionView.From).ToList();
                if (parse.GetValue(json))
                {
                    CliOutput.WriteJson(context.Console.Out, views);
                    return;
                }

                if (views.Count == 0)
                {
                    context.Console.Out.WriteLine($"{upn} has no live sessions.");
                    return;
                }

                CliOutput.WriteTable(
                    context.Console.Out,
                    ["ID", "CREATED (UTC)", "LAST SEEN (UTC)", "EXPIRES (UTC)", "CLIENT IP", "RELYING PARTIES"],
                    views.Select(v => new[]
                    {
                        v.Id, CliOutput.Timestamp(v.CreatedAt), CliOutput.Timestamp(v.LastSeenAt), CliOutput.Timestamp(v.ExpiresAt),
                        v.ClientIp, string.Join(',', v.RelyingParties),
                    }));
            },
            migrateDirectory: false));
        return command;
    }

    private static Command Revoke(CliContext context)
    {
        var user = UserOption();
        var command = new Command("revoke", "End every session of a user on every instance; the next request signs in again.") { user };
        command.SetAction(context.Run(
            async (parse, session, ct) =>
            {
                var upn = parse.GetRequiredValue(user).Trim();
                var ended = await session.RequireSharedSessions().RemoveAllForUserAsync(upn, ct).ConfigureAwait(false);
                context.Console.Out.WriteLine($"Ended {Sessions(ended)} of {upn} on every instance.");
            },
            migrateDirectory: false));
        return command;
    }

    public static string Sessions(int count) => count == 1 ? "1 session" : $"{count} sessions";
}
