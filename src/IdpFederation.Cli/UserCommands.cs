using System.CommandLine;
using IdpFederation.Core.Directory;

namespace IdpFederation.Cli;

/// <summary>idpfed user add|list|show|set|set-password|onboarding-link|disable|enable|delete.</summary>
internal static class UserCommands
{
    public static Command Create(CliContext context) => new("user", "Manage directory users.")
    {
        Add(context),
        List(context),
        Show(context),
        UserSetCommand.Create(context),
        SetPassword(context),
        OnboardingLinkCommand.Create(context),
        SetEnabled(context, "disable", enabled: false),
        SetEnabled(context, "enable", enabled: true),
        Delete(context),
    };

    private static Argument<string> Upn() => new("upn") { Description = "User principal name, e.g. alice@contoso.com." };

    private static Option<bool> JsonOption() => new("--json") { Description = "Print JSON instead of text." };

    private static Command Add(CliContext context)
    {
        var upn = Upn();
        var displayName = new Option<string?>("--display-name") { Description = "Name shown to the user." };
        var passwordStdin = new Option<bool>("--password-stdin")
        {
            Description = "Read the password as one line from standard input; it must pass the password policy (Idp:PasswordPolicy).",
        };
        var immutableId = new Option<string?>("--immutable-id") { Description = "Entra onPremisesImmutableId; generated when omitted." };
        var usageLocation = new Option<string?>("--usage-location") { Description = "Two-letter country code for Microsoft 365 licensing." };
        var roles = new Option<string[]>("--role") { Description = "Role to add the user to; repeat for several." };
        var command = new Command("add", "Create a user.") { upn, displayName, passwordStdin, immutableId, usageLocation, roles };
        command.SetAction(context.Run(async (parse, session, ct) =>
        {
            var password = parse.GetValue(passwordStdin) ? context.Console.ReadPassword() : null;
            var created = await session.Get<IUserDirectory>().CreateAsync(new NewUser
            {
                UserPrincipalName = parse.GetRequiredValue(upn),
                DisplayName = parse.GetValue(displayName),
                Password = password,
                ImmutableId = parse.GetValue(immutableId),
                UsageLocation = parse.GetValue(usageLocation),
                Roles = parse.GetValue(roles) ?? [],
            }, ct).ConfigureAwait(false);
            var note = password is null ? " No password set: run 'idpfed user set-password' before the user can sign in." : "";
            context.Console.Out.WriteLine($"Created {created.UserPrincipalName} with ImmutableID {created.ImmutableId}.{note}");
        }));
        return command;
    }

    private static Command List(CliContext context)
    {
        var json = JsonOption();
        var command = new Command("list", "List all users.") { json };
        command.SetAction(context.Run(async (parse, session, ct) =>
        {
            var users = (await session.Get<IUserDirectory>().ListAsync(ct).ConfigureAwait(false)).Select(UserView.From).ToList();
            if (parse.GetValue(json))
            {
                CliOutput.WriteJson(context.Console.Out, users);
                return;
            }

            CliOutput.WriteTable(
                context.Console.Out,
                ["UPN", "DISPLAY NAME", "ENABLED", "IMMUTABLE ID", "ONBOARDING", "ROLES"],
                users.Select(u => new[]
                {
                    u.UserPrincipalName, u.DisplayName, u.Enabled ? "yes" : "no", u.ImmutableId, u.NeedsOnboarding ? "needed" : "-", string.Join(',', u.Roles),
                }));
        }));
        return command;
    }

    private static Command Show(CliContext context)
    {
        var upn = Upn();
        var json = JsonOption();
        var command = new Command("show", "Show one user.") { upn, json };
        command.SetAction(context.Run(async (parse, session, ct) =>
        {
            var user = UserView.From(await RequireUserAsync(session, parse.GetRequiredValue(upn), ct).ConfigureAwait(false));
            if (parse.GetValue(json))
            {
                CliOutput.WriteJson(context.Console.Out, user);
                return;
            }

            var output = context.Console.Out;
            output.WriteLine($"UserPrincipalName: {user.UserPrincipalName}");
            output.WriteLine($"DisplayName:       {user.DisplayName ?? "-"}");
            output.WriteLine($"ImmutableId:       {user.ImmutableId}");
            output.WriteLine($"Enabled:           {(user.Enabled ? "yes" : "no")}");
            output.WriteLine($"UsageLocation:     {user.UsageLocation ?? "-"}");
            output.WriteLine($"Roles:             {(user.Roles.Count == 0 ? "-" : string.Join(", ", user.Roles))}");
            output.WriteLine($"Password:          {(user.HasPassword ? "set" : user.NeedsOnboarding ? "not set (needs onboarding: idpfed user onboarding-link)" : "not set")}");
            output.WriteLine($"CreatedAt:         {CliOutput.Timestamp(user.CreatedAt)}");
            output.WriteLine($"Id:                {user.Id}");
        }));
        return command;
    }

    private static Command SetPassword(CliContext context)
    {
        var upn = Upn();
        // Required: passwords never travel as arguments, where other local users could read them from the process list.
        var passwordStdin = new Option<bool>("--password-stdin")
        {
            Description = "Read the new password as one line from standard input; it must pass the password policy (Idp:PasswordPolicy).",
            Required = true,
        };
        var command = new Command("set-password", "Replace a user's password.") { upn, passwordStdin };
        command.SetAction(context.Run(async (parse, session, ct) =>
        {
            var user = await RequireUserAsync(session, parse.GetRequiredValue(upn), ct).ConfigureAwait(false);
            await session.Get<IUserDirectory>().SetPasswordAsync(user.UserPrincipalName, context.Console.ReadPassword(), ct).ConfigureAwait(false);
            context.Console.Out.WriteLine($"Password set for {user.UserPrincipalName}.");
        }));
        return command;
    }

    private static Command SetEnabled(CliContext context, string name, bool enabled)
    {
        var upn = Upn();
        var command = new Command(name, enabled ? "Allow a user to sign in again." : "Stop a user from signing in.") { upn };
        command.SetAction(context.Run(async (parse, session, ct) =>
        {
            var user = parse.GetRequiredValue(upn).Trim();
            await session.Get<IUserDirectory>().SetEnabledAsync(user, enabled, ct).ConfigureAwait(false);
            var done = $"{user} is {(enabled ? "enabled" : "disabled")}";
            var ended = enabled ? "" : await UserSessionRevocation.EndSessionsAsync(session, user, done, ct).ConfigureAwait(false);
            context.Console.Out.WriteLine($"{done}.{ended}");
        }));
        return command;
    }

    private static Command Delete(CliContext context)
    {
        var upn = Upn();
        var command = new Command("delete", "Delete a user and their role memberships.") { upn };
        command.SetAction(context.Run(async (parse, session, ct) =>
        {
            var user = parse.GetRequiredValue(upn).Trim();
            await session.Get<IUserDirectory>().DeleteAsync(user, ct).ConfigureAwait(false);
            var ended = await UserSessionRevocation.EndSessionsAsync(session, user, $"Deleted {user}", ct).ConfigureAwait(false);
            context.Console.Out.WriteLine($"Deleted {user}.{ended}");
        }));
        return command;
    }

    private static async Task<DirectoryUser> RequireUserAsync(CliSession session, string upn, CancellationToken ct) =>
        await session.Get<IUserDirectory>().FindByUpnAsync(upn, ct).ConfigureAwait(false)
        ?? throw new DirectoryException(DirectoryError.UserNotFound, $"User '{upn.Trim()}' does not exist.");
}
