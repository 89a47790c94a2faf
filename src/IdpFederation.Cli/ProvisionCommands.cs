using System.CommandLine;

namespace IdpFederation.Cli;

/// <summary>idpfed provision: provisioning our directory into Microsoft 365 through Microsoft Graph (Idp:Provisioning).</summary>
internal static class ProvisionCommands
{
    public static Command Create(CliContext context) => new("provision", "Provision users into Microsoft 365 through Microsoft Graph.")
    {
        ProvisionVerifyCommand.Create(context),
        ProvisionAppScriptCommand.Create(context),
        ProvisionRunCommands.Run(context),
        ProvisionRunCommands.Status(context),
        ProvisionRunCommands.Report(context),
        ProvisionRunCommands.Import(context),
    };
}
