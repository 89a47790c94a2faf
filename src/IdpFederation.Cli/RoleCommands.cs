using System.CommandLine;
using IdpFederation.Core.Directory;

namespace IdpFederation.Cli;

/// <summary>idpfed role list|add-member|remove-member. Roles exist while they have members.</summary>
internal static class RoleCommands
{
    public static Command Create(CliContext context) => new("role", "Manage role memberships.")
    {
        List(context),
        AddMember(context),
        RemoveMember(context),
    };

    private static Command List(CliContext context)
    {
        var json = new Option<bool>("--json") { Description = "Print JSON instead of text." };
        var command = new Command("list", "List roles with their members.") { json };
        command.SetAction(context.Run(async (parse, session, ct) =>
        {
            var roles = await session.Get<IUserDirectory>().ListRolesAsync(ct).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                CliOutput.WriteJson(context.Console.Out, roles);
                return;
            }

            CliOutput.WriteTable(context.Console.Out, ["ROLE", "MEMBERS"], roles.Select(r => new[] { r.Name, string.Join(", ", r.Members) }));
        }));
        return command;
    }

    private static Command AddMember(CliContext context)
    {
        var (role, upn) = Arguments();
        var command = new Command("add-member", "Add a user to a role, creating the role if needed.") { role, upn };
        command.SetAction(context.Run(async (parse, session, ct) =>
        {
            var roleName = parse.GetRequiredValue(role);
            var user = parse.GetRequiredValue(upn);
            await session.Get<IUserDirectory>().AddRoleMemberAsync(roleName, user, ct).ConfigureAwait(false);
            context.Console.Out.WriteLine($"{user.Trim()} is a member of {roleName.Trim()}.");
        }));
        return command;
    }

    private static Command RemoveMember(CliContext context)
    {
        var (role, upn) = Arguments();
        var command = new Command("remove-member", "Remove a user from a role.") { role, upn };
        command.SetAction(context.Run(async (parse, session, ct) =>
        {
            var roleName = parse.GetRequiredValue(role);
            var user = parse.GetRequiredValue(upn);
            await session.Get<IUserDirectory>().RemoveRoleMemberAsync(roleName, user, ct).ConfigureAwait(false);
            context.Console.Out.WriteLine($"{user.Trim()} is no longer a member of {roleName.Trim()}.");
        }));
        return command;
    }

    private static (Argument<string> Role, Argument<string> Upn) Arguments() =>
        (new Argument<string>("role") { Description = "Role name." },
         new Argument<string>("upn") { Description = "User principal name." });
}
