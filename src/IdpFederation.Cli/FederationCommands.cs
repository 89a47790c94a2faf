using System.CommandLine;

namespace IdpFederation.Cli;

/// <summary>idpfed federation: federating our Microsoft 365 domains with Entra (issue 13). One line per subcommand.</summary>
internal static class FederationCommands
{
    public static Command Create(CliContext context) => new("federation", "Federate Microsoft 365 domains with this IdP, or revert them.")
    {
        FederationScriptCommand.Create(context),
    };
}
