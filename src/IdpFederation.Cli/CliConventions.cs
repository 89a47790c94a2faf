using System.CommandLine;
using System.CommandLine.Help;

namespace IdpFederation.Cli;

/// <summary>Behaviour every idpfed command shares, applied once to the finished command tree so no command can miss it.</summary>
internal static class CliConventions
{
    public static void Apply(RootCommand root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var help = root.Options.OfType<HelpOption>().Single().Action as HelpAction
            ?? throw new InvalidOperationException("The root command's --help option has no help action.");
        foreach (var command in SelfAndDescendants(root))
        {
            // "idpfed" or "idpfed user" alone asks what there is to do: answer with the help (exit 0), not an error.
            if (command.Action is null && command.Subcommands.Count > 0)
            {
                command.SetAction(help.Invoke);
            }
        }
    }

    private static IEnumerable<Command> SelfAndDescendants(Command command) =>
        command.Subcommands.SelectMany(SelfAndDescendants).Prepend(command);
}
