using System.CommandLine;
using System.Globalization;
using IdpFederation.Core.Configuration;
using IdpFederation.Core.Provisioning;
using IdpFederation.Infrastructure.Provisioning;

namespace IdpFederation.Cli;

/// <summary>idpfed provision run|status|report: full syncs on demand and what every run did.</summary>
internal static class ProvisionRunCommands
{
    public static Command Import(CliContext context)
    {
        var tenant = TenantOption();
        var groups = new Option<bool>("--groups") { Description = "Also import security groups as roles, with their user members." };
        var dryRun = new Option<bool>("--dry-run") { Description = "List who would be imported without changing anything." };
        var json = new Option<bool>("--json") { Description = "Print the outcome as JSON." };
        var command = new Command("import", "One-time import of Microsoft 365 users (and optionally groups as roles) into the directory.") { tenant, groups, dryRun, json };
        command.SetAction(context.Run(async (parse, session, ct) =>
        {
            var importer = session.Get<IdpFederation.Infrastructure.Provisioning.Import.CloudImporter>();
            var failed = false;
            foreach (var options in SelectTenants(session.Options, parse.GetValue(tenant)))
            {
                var result = await importer.ImportAsync(options, parse.GetValue(groups), parse.GetValue(dryRun), ct).ConfigureAwait(false);
                var report = await session.Get<IProvisioningRunStore>().GetAsync(result.RunId, ct).ConfigureAwait(false);
                if (parse.GetValue(json))
                {
                    CliOutput.WriteJson(context.Console.Out, report);
                }
                else
                {
                    ProvisionRunOutput.WriteReport(context.Console.Out, report!);
                    context.Console.Out.WriteLine("Imported users have no password here: send each one `idpfed user onboarding-link <upn>`.");
                }

                failed |= result.Status is not RunStatus.Succeeded;
            }

            if (failed)
            {
                throw new CliRefusedException("The import did not fully succeed; the report above shows each user's outcome.");
            }
        }));
        return command;
    }

    public static Command Run(CliContext context)
    {
        var tenant = TenantOption();
        var dryRun = new Option<bool>("--dry-run") { Description = "Compute and print the whole plan without writing anything." };
        var force = new Option<bool>("--force") { Description = "Apply a plan that would deprovision more than the allowed share of users." };
        var json = new Option<bool>("--json") { Description = "Print the plan and outcome as JSON." };
        var command = new Command("run", "Sync the directory into Microsoft 365 now (or with --dry-run, show what a sync would do).") { tenant, dryRun, force, json };
        command.SetAction(context.Run(async (parse, session, ct) =>
        {
            var runner = session.Get<ProvisioningRunner>();
            var failed = false;
            foreach (var options in SelectTenants(session.Options, parse.GetValue(tenant)))
            {
                var result = await runner.RunAsync(options, RunTrigger.Manual, parse.GetValue(dryRun), parse.GetValue(force), ct).ConfigureAwait(false);
                ProvisionRunOutput.Write(context.Console.Out, options, result, parse.GetValue(json));
                failed |= result.Status is not RunStatus.Succeeded;
            }

            if (failed)
            {
                throw new CliRefusedException("At least one run did not succeed; `idpfed provision report <run>` shows each user's outcome.");
            }
        }));
        return command;
    }

    public static Command Status(CliContext context)
    {
        var json = new Option<bool>("--json") { Description = "Print JSON instead of text." };
        var last = new Option<int>("--last") { Description = "How many runs to list.", DefaultValueFactory = _ => 20 };
        var command = new Command("status", "List recent provisioning runs and the live-mode queue.") { json, last };
        command.SetAction(context.Run(async (parse, session, ct) =>
        {
            var runs = await session.Get<IProvisioningRunStore>().ListAsync(parse.GetValue(last), ct).ConfigureAwait(false);
            var queued = await session.Get<IProvisioningOutbox>().CountAsync(ct).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                CliOutput.WriteJson(context.Console.Out, new { Runs = runs, LiveQueue = queued });
                return;
            }

            CliOutput.WriteTable(context.Console.Out, ["RUN", "TENANT", "TRIGGER", "STATUS", "STARTED", "DURATION", "ACTIONS", "FAILED", "THROTTLED"],
                runs.Select(r => new[]
                {
                    r.Id.ToString(CultureInfo.InvariantCulture), r.Tenant, r.DryRun ? $"{r.Trigger} (dry run)" : r.Trigger.ToString(), r.Status.ToString(),
                    CliOutput.Timestamp(r.StartedAt), r.FinishedAt is { } end ? Seconds(end - r.StartedAt) : "running",
                    string.Join(", ", r.CountsByAction.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Value} {c.Key}")),
                    r.Failures.ToString(CultureInfo.InvariantCulture), Seconds(r.ThrottleWait),
                }));
            context.Console.Out.WriteLine($"Live-mode changes waiting: {queued}");
        }));
        return command;
    }

    public static Command Report(CliContext context)
    {
        var run = new Argument<long>("run") { Description = "The run number from `provision status`." };
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var csv = new Option<bool>("--csv") { Description = "Print CSV (RFC 4180), one line per user and action." };
        var command = new Command("report", "Show what one run did to each user, with Graph's error code and message on failures.") { run, json, csv };
        command.SetAction(context.Run(async (parse, session, ct) =>
        {
            if (parse.GetValue(json) && parse.GetValue(csv))
            {
                throw new CliUsageException("Choose one of --json and --csv.");
            }

            var id = parse.GetValue(run);
            var report = await session.Get<IProvisioningRunStore>().GetAsync(id, ct).ConfigureAwait(false)
                ?? throw new CliRefusedException($"No provisioning run {id}; `idpfed provision status` lists them.");
            if (parse.GetValue(json))
            {
                CliOutput.WriteJson(context.Console.Out, report);
            }
            else if (parse.GetValue(csv))
            {
                ProvisionRunOutput.WriteCsv(context.Console.Out, report);
            }
            else
            {
                ProvisionRunOutput.WriteReport(context.Console.Out, report);
            }
        }));
        return command;
    }

    internal static Option<string?> TenantOption() => new("--tenant") { Description = "Only this tenant (Idp:Provisioning:Tenants Name); all when omitted." };

    internal static IReadOnlyList<ProvisioningTenantOptions> SelectTenants(IdpOptions options, string? name)
    {
        var tenants = options.Provisioning.Tenants;
        if (tenants.Count == 0)
        {
            throw new CliRefusedException("No tenant is configured under Idp:Provisioning:Tenants; README \"Provisioning\" shows how.");
        }

        if (name is null)
        {
            return tenants;
        }

        var match = tenants.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));
        return match is null
            ? throw new CliRefusedException($"No tenant named '{name}' under Idp:Provisioning:Tenants; configured: {string.Join(", ", tenants.Select(t => t.Name))}.")
            : [match];
    }

    private static string Seconds(TimeSpan value) => $"{value.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s";
}
