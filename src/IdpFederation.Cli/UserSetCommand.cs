using System.CommandLine;
using IdpFederation.Core.Directory;

namespace IdpFederation.Cli;

/// <summary>idpfed user set: changes the attributes Microsoft 365 receives (and records the change for live provisioning).</summary>
internal static class UserSetCommand
{
    public static Command Create(CliContext context)
    {
        var upn = new Argument<string>("upn") { Description = "User principal name, e.g. alice@contoso.com." };
        var displayName = new Option<string?>("--display-name") { Description = "Name shown to the user; an empty value clears it." };
        var usageLocation = new Option<string?>("--usage-location") { Description = "Two-letter country code for Microsoft 365 licensing (cannot be cleared)." };
        var command = new Command("set", "Change a user's display name or usage location.") { upn, displayName, usageLocation };
        command.SetAction(context.Run(async (parse, session, ct) =>
        {
            var update = new UserUpdate(parse.GetValue(displayName), parse.GetValue(usageLocation));
            if (update is { DisplayName: null, UsageLocation: null })
            {
                throw new CliUsageException("Nothing to change: give --display-name and/or --usage-location.");
            }

            var user = parse.GetRequiredValue(upn).Trim();
            await session.Get<IUserDirectory>().UpdateAsync(user, update, ct).ConfigureAwait(false);
            context.Console.Out.WriteLine($"Updated {user}.");
        }));
        return command;
    }
}
