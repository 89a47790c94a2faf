using System.CommandLine;
using IdpFederation.Infrastructure.Provisioning;
using IdpFederation.Infrastructure.Provisioning.Verification;

namespace IdpFederation.Cli;

/// <summary>
/// idpfed federation check: every condition for federating a domain, one ready / warning / not-ready line each with the
/// fix. Exit code 1 when anything blocks, so a script can gate `federation apply` on it.
/// </summary>
internal static class FederationCheckCommand
{
    public static Command Create(CliContext context)
    {
        var domains = FederationOptions.Domains();
        var json = new Option<bool>("--json") { Description = "Print JSON instead of text." };
        var command = new Command("check", "Check whether each domain can be federated with us now, and how to fix what blocks it.") { domains, json };
        command.SetAction(context.RunWithExitCode(async (parse, session, ct) =>
        {
            var support = new FederationCliSupport(context, session);
            var targets = support.Targets(parse.GetValue(domains));
            var ours = await support.OursAsync(targets, ct).ConfigureAwait(false);
            var checker = support.Checker();
            var results = new List<TenantVerification>();
            foreach (var target in targets)
            {
                var graph = support.Graph(target);
                using (graph.Graph)
                {
                    try
                    {
                        results.Add(await checker.CheckAsync(graph, session.Options, target.Domain, ours[target.Domain.Name], ct).ConfigureAwait(false));
                    }
                    catch (Exception ex) when (GraphFailures.IsGraphFailure(ex) && !ct.IsCancellationRequested)
                    {
                        results.Add(new TenantVerification(target.Domain.Name, [CheckResult.NotReady("Microsoft Graph", GraphFailures.Describe(ex) + " (run `idpfed provision verify` for the connection and permissions)")]));
                    }
                }
            }

            Write(context, results, parse.GetValue(json));
            var blocked = results.Where(r => !r.Ready).ToList();
            if (blocked.Count == 0)
            {
                return ExitCodes.Success;
            }

            context.Console.Error.WriteLine(string.Join(" ", blocked.Select(r =>
                $"{r.Tenant} is blocked: {r.Checks.Count(c => c.Status == CheckStatus.NotReady)} check(s) failed.")));
            return ExitCodes.Refused;
        }));
        return command;
    }

    private static void Write(CliContext context, List<TenantVerification> results, bool json)
    {
        var output = context.Console.Out;
        if (json)
        {
            CliOutput.WriteJson(output, new { ready = results.All(r => r.Ready), domains = results.Select(r => new { domain = r.Tenant, ready = r.Ready, checks = r.Checks }) });
            return;
        }

        foreach (var result in results)
        {
            output.WriteLine($"{result.Tenant}: {(result.Ready ? "ready to federate" : "BLOCKED")}");
            CliOutput.WriteTable(output, ["CHECK", "STATUS", "DETAIL / HOW TO FIX"],
                result.Checks.Select(c => new[] { c.Check, c.Status == CheckStatus.NotReady ? "blocked" : CheckStatusText.Of(c.Status), c.Detail }));
            output.WriteLine();
        }
    }
}
