using System.CommandLine;
using IdpFederation.Infrastructure.Federation;
using IdpFederation.Infrastructure.Provisioning;
using IdpFederation.Infrastructure.Provisioning.Verification;

namespace IdpFederation.Cli;

/// <summary>
/// idpfed federation apply / revert: write our federation settings to Entra, or make the domain Managed again. Several
/// domains go in one command with one result line each; the exit code is 1 when any was refused or failed.
/// </summary>
internal static class FederationApplyCommands
{
    public static Command Apply(CliContext context)
    {
        var domains = FederationOptions.Domains();
        var force = FederationOptions.Force("Apply even when `federation check` reports a blocker.");
        var command = new Command("apply", "Create or update each domain's federation in Entra with our issuer, endpoints and certificates.") { domains, force };
        command.SetAction(context.RunWithExitCode(async (parse, session, ct) =>
        {
            var support = new FederationCliSupport(context, session);
            var targets = support.Targets(parse.GetValue(domains));
            var ours = await support.OursAsync(targets, ct).ConfigureAwait(false);
            var checker = support.Checker();
            var applier = support.Applier();
            var changes = new List<FederationChange>();
            foreach (var target in targets)
            {
                var graph = support.Graph(target);
                using (graph.Graph)
                {
                    var wanted = ours[target.Domain.Name];
                    IReadOnlyList<CheckResult> blockers;
                    try
                    {
                        var check = await checker.CheckAsync(graph, session.Options, target.Domain, wanted, ct).ConfigureAwait(false);
                        blockers = check.Checks.Where(c => c.Status == CheckStatus.NotReady).ToList();
                    }
                    catch (Exception ex) when (GraphFailures.IsGraphFailure(ex) && !ct.IsCancellationRequested)
                    {
                        blockers = [CheckResult.NotReady("Microsoft Graph", GraphFailures.Describe(ex))];
                    }

                    changes.Add(await applier.ApplyAsync(graph, target.Domain.Name, wanted, blockers, parse.GetValue(force), FederationCliSupport.Actor, ct).ConfigureAwait(false));
                }
            }

            return Report(context, changes);
        }));
        return command;
    }

    public static Command Revert(CliContext context)
    {
        var domains = FederationOptions.Domains();
        var yes = new Option<bool>("--yes") { Description = "Do not ask for confirmation." };
        var command = new Command("revert", "Make each domain Managed again: Entra forgets our settings and users need Microsoft cloud passwords.") { domains, yes };
        command.SetAction(context.RunWithExitCode(async (parse, session, ct) =>
        {
            var support = new FederationCliSupport(context, session);
            var targets = support.Targets(parse.GetValue(domains));
            var names = string.Join(", ", targets.Select(t => t.Domain.Name));
            context.Console.Error.WriteLine($"Warning: reverting {names} to Managed. Users will need Microsoft cloud passwords (set or reset them in Microsoft 365), and the change can take up to 2 hours to reach every sign-in.");
            if (!parse.GetValue(yes) && !Confirm(context, names))
            {
                context.Console.Error.WriteLine("Nothing was changed.");
                return ExitCodes.Refused;
            }

            var applier = support.Applier();
            var changes = new List<FederationChange>();
            foreach (var target in targets)
            {
                var graph = support.Graph(target);
                using (graph.Graph)
                {
                    changes.Add(await applier.RevertAsync(graph, target.Domain.Name, FederationCliSupport.Actor, ct).ConfigureAwait(false));
                }
            }

            return Report(context, changes);
        }));
        return command;
    }

    private static bool Confirm(CliContext context, string names)
    {
        context.Console.Error.Write($"Type the domain name(s) to confirm ({names}): ");
        var answer = context.Console.In.ReadLine();
        return string.Equals(answer?.Trim(), names, StringComparison.OrdinalIgnoreCase);
    }

    private static int Report(CliContext context, List<FederationChange> changes)
    {
        foreach (var change in changes)
        {
            context.Console.Out.WriteLine($"{change.Domain}: {change.Detail}");
        }

        var bad = changes.Count(c => c.Outcome is FederationOutcome.Refused or FederationOutcome.Failed);
        if (bad > 0)
        {
            context.Console.Error.WriteLine($"{bad} of {changes.Count} domain(s) were not changed.");
        }

        return bad == 0 ? ExitCodes.Success : ExitCodes.Refused;
    }
}
