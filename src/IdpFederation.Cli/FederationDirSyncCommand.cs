using System.CommandLine;
using IdpFederation.Core.Provisioning;
using IdpFederation.Infrastructure.Federation;
using IdpFederation.Infrastructure.Provisioning;

namespace IdpFederation.Cli;

/// <summary>
/// idpfed federation dirsync-off: switches directory synchronisation off through Graph (entra-federation.md §6.6),
/// after saying that it takes up to 72 hours and cannot be cancelled. `federation check` tracks it until it is done.
/// </summary>
internal static class FederationDirSyncCommand
{
    public static Command Create(CliContext context)
    {
        var tenant = new Option<string?>("--tenant") { Description = "The tenant (its Name under Idp:Provisioning:Tenants); needed when several are configured." };
        var yes = new Option<bool>("--yes") { Description = "Do not ask for confirmation." };
        var command = new Command("dirsync-off", "Switch Entra Connect directory synchronisation off (up to 72 hours, cannot be cancelled).") { tenant, yes };
        command.SetAction(context.RunWithExitCode(async (parse, session, ct) =>
        {
            var chosen = ProvisionTenants.One(session.Options, parse.GetValue(tenant));
            context.Console.Error.WriteLine($"Warning: switching directory synchronisation off for tenant {chosen.Name}. Entra takes up to 72 hours, the switch-off cannot be cancelled, and synchronisation cannot be switched on again until it has finished. Users synchronised from Active Directory become cloud users that we manage.");
            if (!parse.GetValue(yes))
            {
                context.Console.Error.Write($"Type the tenant name to confirm ({chosen.Name}): ");
                if (!string.Equals(context.Console.In.ReadLine()?.Trim(), chosen.Name, StringComparison.OrdinalIgnoreCase))
                {
                    context.Console.Error.WriteLine("Nothing was changed.");
                    return ExitCodes.Refused;
                }
            }

            var support = new FederationCliSupport(context, session);
            var graph = support.Graph(chosen);
            using (graph.Graph)
            {
                var applier = support.Applier();
                try
                {
                    var asked = await DirectorySyncSwitch.TurnOffAsync(graph, session.Get<IProvisionedUserLedger>(), TimeProvider.System, ct).ConfigureAwait(false);
                    var detail = asked ? "switch-off requested; Entra takes up to 72 hours. `idpfed federation check` shows the progress." : "already off; nothing to do.";
                    if (asked)
                    {
                        await applier.AuditAsync(chosen.Name, "dirsync-off", detail, FederationCliSupport.Actor, succeeded: true, ct).ConfigureAwait(false);
                    }

                    context.Console.Out.WriteLine($"Directory sync for {chosen.Name}: {detail}");
                    return ExitCodes.Success;
                }
                catch (Exception ex) when (GraphFailures.IsGraphFailure(ex) && !ct.IsCancellationRequested)
                {
                    await applier.AuditAsync(chosen.Name, "dirsync-off", GraphFailures.Describe(ex), FederationCliSupport.Actor, succeeded: false, ct).ConfigureAwait(false);
                    context.Console.Error.WriteLine($"Directory sync for {chosen.Name} was not changed: {GraphFailures.Describe(ex)}");
                    return ExitCodes.Refused;
                }
            }
        }));
        return command;
    }
}
