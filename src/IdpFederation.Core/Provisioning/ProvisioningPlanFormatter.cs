using System.Globalization;
using System.Text;
using IdpFederation.Core.Provisioning.Mapping;

namespace IdpFederation.Core.Provisioning;

/// <summary>
/// The dry-run text of a plan (`provision run --dry-run`) and its JSON form (<see cref="ProvisioningPlanJson"/>).
/// Output depends only on the plan and the SKU list, so two dry runs diff cleanly.
/// </summary>
public static class ProvisioningPlanFormatter
{
    /// <summary>The action name run reports use for an operation (<see cref="RunItem.Action"/>).</summary>
    public static string ActionOf(PlanOperation operation) => operation switch
    {
        CreateUser => "create",
        UpdateUser => "update",
        TakeOverUser => "take-over",
        ChangeLicenses => "licenses",
        DeprovisionUser { Action: DeprovisioningAction.Delete } => "delete",
        DeprovisionUser => "block-sign-in",
        _ => throw new ArgumentOutOfRangeException(nameof(operation), operation.GetType().Name, "Unknown plan operation."),
    };

    /// <summary>Counts by action, in a fixed order, zeros left out; conflicts as "conflict".</summary>
    public static IReadOnlyList<KeyValuePair<string, int>> Summary(ProvisioningPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        string[] order = ["create", "update", "take-over", "licenses", "block-sign-in", "delete"];
        var counts = plan.Operations.GroupBy(ActionOf).ToDictionary(g => g.Key, g => g.Count());
        var summary = order.Where(counts.ContainsKey).Select(a => new KeyValuePair<string, int>(a, counts[a])).ToList();
        if (plan.Conflicts.Count > 0)
        {
            summary.Add(new("conflict", plan.Conflicts.Count));
        }

        return summary;
    }

    /// <param name="skus">The tenant's SKUs, to print part numbers instead of GUIDs.</param>
    public static string ToText(ProvisioningPlan plan, IReadOnlyList<CloudSku> skus)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(skus);
        var text = new StringBuilder();
        var summary = Summary(plan);
        text.Append(CultureInfo.InvariantCulture, $"Provisioning plan for tenant {Clean(plan.Tenant)}: ")
            .AppendLine(summary.Count == 0 ? "nothing to do." : string.Join(", ", summary.Select(s => $"{s.Key} {s.Value}")) + ".");

        Section(text, "Create", plan.Operations.OfType<CreateUser>(), (line, op) =>
        {
            line.AppendLine(CultureInfo.InvariantCulture, $"  + {Clean(op.UserPrincipalName)}");
            foreach (var name in OwnedAttributes.Names.Where(op.Attributes.ContainsKey))
            {
                line.AppendLine(CultureInfo.InvariantCulture, $"      {name}: {Value(op.Attributes[name])}");
            }
        });
        Section(text, "Take over (set our ImmutableID on an existing user)", plan.Operations.OfType<TakeOverUser>(), (line, op) =>
            line.AppendLine(CultureInfo.InvariantCulture, $"  ~ {Clean(op.UserPrincipalName)}: onPremisesImmutableId: {Value(op.PreviousImmutableId)} -> {Value(op.ImmutableId)}{Parked(op)}"));
        Section(text, "Update", plan.Operations.OfType<UpdateUser>(), (line, op) =>
        {
            line.AppendLine(CultureInfo.InvariantCulture, $"  ~ {Clean(op.UserPrincipalName)}");
            foreach (var change in op.Changes)
            {
                line.AppendLine(CultureInfo.InvariantCulture, $"      {change.Name}: {Value(change.From)} -> {Value(change.To)}");
            }
        });
        Section(text, "Licences", plan.Operations.OfType<ChangeLicenses>().Where(l => !l.Deprovisioning), (line, op) =>
            line.AppendLine(CultureInfo.InvariantCulture, $"  {Clean(op.UserPrincipalName)}: {Licences(op, skus)}"));
        Section(text, "Deprovision", plan.Operations.Where(o => o is DeprovisionUser or ChangeLicenses { Deprovisioning: true }), (line, op) =>
            line.AppendLine(CultureInfo.InvariantCulture, $"  - {Clean(op.UserPrincipalName)}: {Deprovisioning(op, skus)}"));
        Section(text, "Conflicts (left alone)", plan.Conflicts, (line, c) =>
            line.AppendLine(CultureInfo.InvariantCulture, $"  ! {Clean(c.UserPrincipalName)} (ImmutableID {Value(c.ImmutableId)}): {Clean(c.Reason)}"));

        if (plan.Guard is { } guard)
        {
            text.AppendLine().AppendLine(CultureInfo.InvariantCulture,
                $"Refused without --force: {guard.Affected} of {guard.Provisioned} provisioned users ({Percent(guard.Affected, guard.Provisioned)}) would be " +
                $"blocked, unlicensed or deleted; the limit is {guard.AllowedPercent.ToString("0.##", CultureInfo.InvariantCulture)}% (Deprovisioning:MaxDeprovisionPercent).");
        }

        return text.ToString();
    }

    internal static string PartNumber(Guid sku, IReadOnlyList<CloudSku> skus) =>
        skus.FirstOrDefault(s => s.SkuId == sku)?.SkuPartNumber ?? sku.ToString();

    /// <summary>Values come from our directory and from Graph; control characters are shown escaped so they cannot rewrite the terminal.</summary>
    internal static string Clean(string value) =>
        value.Any(char.IsControl) ? string.Concat(value.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString())) : value;

    private static string Parked(TakeOverUser op) =>
        op.TemporaryUserPrincipalName is { } parked ? $" (UPN parked at {Clean(parked)} meanwhile)" : "";

    private static string Deprovisioning(PlanOperation op, IReadOnlyList<CloudSku> skus) => op is DeprovisionUser d
        ? $"{(d.Action == DeprovisioningAction.Delete ? "delete" : "block sign-in")} ({Describe(d.Event)})"
        : $"remove licences {Licences((ChangeLicenses)op, skus)}";

    private static string Value(string? value) => value is null ? "(none)" : Clean(value);

    private static string Licences(ChangeLicenses op, IReadOnlyList<CloudSku> skus) =>
        string.Join(" ", op.Add.Select(s => "+" + PartNumber(s, skus)).Concat(op.Remove.Select(s => "-" + PartNumber(s, skus))));

    private static string Percent(int part, int whole) =>
        (whole == 0 ? 0 : part * 100.0 / whole).ToString("0.#", CultureInfo.InvariantCulture) + "%";

    private static string Describe(DeprovisioningEvent trigger) => trigger switch
    {
        DeprovisioningEvent.UserDisabled => "disabled here",
        DeprovisioningEvent.UserDeleted => "deleted here",
        _ => "no longer in a provisioning role",
    };

    private static void Section<T>(StringBuilder text, string title, IEnumerable<T> items, Action<StringBuilder, T> write)
    {
        var list = items.ToList();
        if (list.Count == 0)
        {
            return;
        }

        text.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"{title}: {list.Count}");
        foreach (var item in list)
        {
            write(text, item);
        }
    }
}
