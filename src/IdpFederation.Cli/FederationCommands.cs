using System.CommandLine;

namespace IdpFederation.Cli;

/// <summary>idpfed federation: federate, check and revert Microsoft 365 domains through Microsoft Graph (issue 13).</summary>
internal static class FederationCommands
{
    public static Command Create(CliContext context) => new("federation", "Federate, check and revert Microsoft 365 domains through Microsoft Graph.")
    {
        FederationStatusCommand.Create(context),
        FederationCheckCommand.Create(context),
        FederationDirSyncCommand.Create(context),
        FederationApplyCommands.Apply(context),
        FederationApplyCommands.Revert(context),
        FederationScriptCommand.Create(context),
    };
}
