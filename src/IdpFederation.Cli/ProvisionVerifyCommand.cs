using System.CommandLine;
using IdpFederation.Infrastructure.Provisioning.Graph;
using IdpFederation.Infrastructure.Provisioning.Verification;

namespace IdpFederation.Cli;

/// <summary>
/// idpfed provision verify: whether each tenant is ready for provisioning, as a table of checks with how to fix each.
/// Exit code 0 when nothing is "not ready" (warnings allowed), 1 otherwise, so scripts and CI can gate on it.
/// </summary>
internal static class ProvisionVerifyCommand
{
    public static Command Create(CliContext context)
    {
        var tenant = new Option<string?>("--tenant") { Description = "Check only this tenant (its Name under Idp:Provisioning:Tenants); default: all." };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of text." };
        var command = new Command("verify", "Check credentials, granted permissions, domains, directory sync and licences of each tenant.") { tenant, json };
        command.SetAction(context.RunWithExitCode(async (parse, session, ct) =>
        {
            var tenants = ProvisionTenants.Select(session.Options, parse.GetValue(tenant));
            var clients = new GraphClients(session.Paths, TimeProvider.System) { Transport = context.GraphTransport };
            var verifier = new ProvisioningVerifier(clients, TimeProvider.System);
            var results = new List<TenantVerification>();
            foreach (var t in tenants)
            {
                results.Add(await verifier.VerifyAsync(t, ct).ConfigureAwait(false));
            }

            Write(context, results, parse.GetValue(json));
            var notReady = results.Where(r => !r.Ready).ToList();
            if (notReady.Count == 0)
            {
                return ExitCodes.Success;
            }

            // stdout has the table; stderr gets one line for whoever only reads the exit status and errors.
            context.Console.Error.WriteLine(string.Join(" ", notReady.Select(r =>
                $"Tenant {r.Tenant} is not ready: {r.Checks.Count(c => c.Status == CheckStatus.NotReady)} check(s) failed.")));
            return ExitCodes.Refused;
        }, migrateDirectory: false));
        return command;
    }

    private static void Write(CliContext context, List<TenantVerification> results, bool json)
    {
        var output = context.Console.Out;
        if (json)
        {
            CliOutput.WriteJson(output, new { ready = results.All(r => r.Ready), tenants = results });
            return;
        }

        foreach (var result in results)
        {
            output.WriteLine($"Tenant {result.Tenant}: {(result.Ready ? "ready" : "NOT READY")}");
            CliOutput.WriteTable(output, ["CHECK", "STATUS", "DETAIL / HOW TO FIX"],
                result.Checks.Select(c => new[] { c.Check, CheckStatusText.Of(c.Status), c.Detail }));
            output.WriteLine();
        }
    }
}
