using IdpFederation.Core.Provisioning;
using IdpFederation.Infrastructure.Provisioning.Graph;

namespace IdpFederation.Infrastructure.Provisioning;

/// <summary>How an operation appears in a run's report.</summary>
public static class RunItems
{
    public static RunItem Planned(PlanOperation operation) =>
        new(operation.UserPrincipalName, operation.ImmutableId, ActionOf(operation), "planned", DetailOf(operation), null, null);

    public static RunItem Conflict(PlanConflict conflict) =>
        new(conflict.UserPrincipalName, conflict.ImmutableId, "conflict", "skipped", conflict.Reason, null, null);

    public static RunItem From(OperationResult result) => new(result.Operation.UserPrincipalName, result.Operation.ImmutableId,
        ActionOf(result.Operation), result.Succeeded ? "done" : "failed", DetailOf(result.Operation), result.ErrorCode, result.ErrorMessage);

    public static string ActionOf(PlanOperation operation) => operation switch
    {
        CreateUser => "create",
        UpdateUser => "update",
        TakeOverUser => "take-over",
        ChangeLicenses { Deprovisioning: true } => "remove-licenses",
        ChangeLicenses => "licenses",
        DeprovisionUser { Action: DeprovisioningAction.BlockSignIn } => "block-sign-in",
        DeprovisionUser { Action: DeprovisioningAction.Delete } => "delete",
        DeprovisionUser => "leave",
        _ => operation.GetType().Name,
    };

    /// <summary>What changes, without any secret: the random password of a create is never part of the plan.</summary>
    public static string? DetailOf(PlanOperation operation) => operation switch
    {
        UpdateUser update => string.Join("; ", update.Changes.Select(c => $"{c.Name}: {c.From ?? "(none)"} -> {c.To ?? "(none)"}")),
        ChangeLicenses licenses => string.Join(" ", licenses.Add.Select(s => $"+{s}").Concat(licenses.Remove.Select(s => $"-{s}"))),
        TakeOverUser takeOver => $"onPremisesImmutableId: {takeOver.PreviousImmutableId ?? "(none)"} -> {takeOver.ImmutableId}" +
            (takeOver.TemporaryUserPrincipalName is { } temporary ? $" (UPN moved through {temporary})" : ""),
        DeprovisionUser deprovision => deprovision.Event.ToString(),
        _ => null,
    };
}
