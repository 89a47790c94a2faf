using System.Globalization;
using IdpFederation.Core.Configuration;
using IdpFederation.Core.Provisioning;
using IdpFederation.Infrastructure.Provisioning;

namespace IdpFederation.Cli;

/// <summary>How provision run and provision report print: the plan, the outcome line, and per-user items.</summary>
internal static class ProvisionRunOutput
{
    public static void Write(TextWriter output, ProvisioningTenantOptions tenant, RunResult result, bool json)
    {
        if (json)
        {
            CliOutput.WriteJson(output, new
            {
                Tenant = tenant.Name,
                result.RunId,
                Status = result.Status.ToString(),
                result.Message,
                Plan = result.Plan is null ? null : new
                {
                    Operations = result.Plan.Operations.Select(o => new { o.UserPrincipalName, o.ImmutableId, Action = RunItems.ActionOf(o), Detail = RunItems.DetailOf(o) }),
                    result.Plan.Conflicts,
                    result.Plan.Guard,
                },
                Failures = result.Results.Where(r => !r.Succeeded).Select(r => new
                {
                    r.Operation.UserPrincipalName, Action = RunItems.ActionOf(r.Operation), r.ErrorCode, r.ErrorMessage,
                }),
            });
            return;
        }

        if (result.Plan is { } plan)
        {
            WritePlan(output, plan);
        }

        var done = result.Results.Count(r => r.Succeeded);
        var failed = result.Results.Count - done;
        output.WriteLine(result.Status switch
        {
            RunStatus.Succeeded when result.Plan is not null && result.Results.Count == 0 && result.Plan.Operations.Count > 0 =>
                $"Run {result.RunId} ({tenant.Name}): dry run, nothing was written.",
            RunStatus.Succeeded => $"Run {result.RunId} ({tenant.Name}): succeeded, {done} operations applied.",
            RunStatus.CompletedWithErrors => $"Run {result.RunId} ({tenant.Name}): {done} operations applied, {failed} failed.",
            _ => $"Run {result.RunId} ({tenant.Name}): {result.Status}. {result.Message}",
        });
    }

    /// <summary>The plan, one line per operation, then conflicts and the guard: what a dry run is for.</summary>
    private static void WritePlan(TextWriter output, ProvisioningPlan plan)
    {
        output.WriteLine($"Plan for {plan.Tenant}: {plan.Operations.Count} operations, {plan.Conflicts.Count} conflicts");
        CliOutput.WriteTable(output, ["ACTION", "USER", "DETAIL"],
            plan.Operations.Select(o => new[] { RunItems.ActionOf(o), o.UserPrincipalName, RunItems.DetailOf(o) })
                .Concat(plan.Conflicts.Select(c => new[] { "conflict", c.UserPrincipalName, c.Reason })));
        if (plan.Guard is { } guard)
        {
            output.WriteLine($"Deprovisioning: {guard.Affected} of {guard.Provisioned} provisioned users (allowed {guard.AllowedPercent}%)" +
                (guard.Exceeded ? ": over the limit, a run needs --force." : "."));
        }
    }

    public static void WriteReport(TextWriter output, RunReport report)
    {
        var summary = report.Summary;
        output.WriteLine($"Run {summary.Id} ({summary.Tenant}), {summary.Trigger}{(summary.DryRun ? " dry run" : "")}: {summary.Status}");
        output.WriteLine($"Started {CliOutput.Timestamp(summary.StartedAt)}, finished {(summary.FinishedAt is { } end ? CliOutput.Timestamp(end) : "-")}, " +
            $"throttled for {summary.ThrottleWait.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s");
        if (summary.Message is not null)
        {
            output.WriteLine(summary.Message);
        }

        CliOutput.WriteTable(output, ["USER", "ACTION", "OUTCOME", "DETAIL", "ERROR"],
            report.Items.Select(i => new[] { i.UserPrincipalName, i.Action, i.Outcome, i.Detail, i.ErrorCode is null ? null : $"{i.ErrorCode}: {i.ErrorMessage}" }));
    }

    public static void WriteCsv(TextWriter output, RunReport report)
    {
        output.WriteLine("run,user,immutable_id,action,outcome,detail,error_code,error_message");
        foreach (var item in report.Items)
        {
            output.WriteLine(string.Join(',', new[]
            {
                report.Summary.Id.ToString(CultureInfo.InvariantCulture), item.UserPrincipalName, item.ImmutableId, item.Action, item.Outcome,
                item.Detail, item.ErrorCode, item.ErrorMessage,
            }.Select(Csv)));
        }
    }

    /// <summary>RFC 4180 §2: a field with a comma, quote or line break is quoted, with quotes doubled.</summary>
    internal static string Csv(string? value)
    {
        value ??= "";
        // A leading =, +, - or @ makes spreadsheets evaluate the cell (CSV injection); a quote mark keeps it text.
        if (value.Length > 0 && "=+-@".Contains(value[0], StringComparison.Ordinal))
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
    }
}
