namespace IdpFederation.Core.Provisioning;

/// <summary>
/// What one sync would do to one tenant, computed without writing anything: `provision run --dry-run` prints it and
/// `provision run` applies it. Operations are listed in the order they must run for each user (create or update
/// before licences, since Graph refuses a licence without usageLocation).
/// </summary>
public sealed record ProvisioningPlan
{
    public required string Tenant { get; init; }
    public IReadOnlyList<PlanOperation> Operations { get; init; } = [];

    /// <summary>Users we could not plan for (a same-UPN user with another ImmutableID, a synced user, ...), reported and left alone.</summary>
    public IReadOnlyList<PlanConflict> Conflicts { get; init; } = [];

    /// <summary>Set when the plan would disable, unlicense or delete more than the allowed share; the run refuses it unless forced.</summary>
    public MassDeprovisioningGuard? Guard { get; init; }
}

/// <param name="Affected">Provisioned users the plan would disable, unlicense or delete.</param>
/// <param name="Provisioned">Users provisioned before this run (the ledger).</param>
/// <param name="AllowedPercent">The configured ceiling.</param>
public sealed record MassDeprovisioningGuard(int Affected, int Provisioned, double AllowedPercent)
{
    public bool Exceeded => Provisioned > 0 && Affected * 100.0 / Provisioned > AllowedPercent;
}

public sealed record PlanConflict(string UserPrincipalName, string ImmutableId, string Reason);

/// <summary>One Graph write (or a short fixed sequence of them) for one user.</summary>
public abstract record PlanOperation
{
    public required string UserPrincipalName { get; init; }
    public required string ImmutableId { get; init; }

    /// <summary>Graph object id of the target; null only for <see cref="CreateUser"/>.</summary>
    public string? CloudId { get; init; }
}

/// <summary>POST /users with every owned attribute, onPremisesImmutableId and a random unusable passwordProfile.</summary>
public sealed record CreateUser : PlanOperation
{
    /// <summary>Graph property name to value ("displayName", "usageLocation", "mail", "accountEnabled" as "true"/"false", ...).</summary>
    public required IReadOnlyDictionary<string, string?> Attributes { get; init; }
}

/// <summary>PATCH /users/{id} with the owned attributes that differ.</summary>
public sealed record UpdateUser : PlanOperation
{
    public required IReadOnlyList<AttributeChange> Changes { get; init; }
}

public sealed record AttributeChange(string Name, string? From, string? To);

/// <summary>
/// Sets our ImmutableID on an existing cloud user that has the same UPN ("overwrite existing users with the same UPN").
/// On a federated domain the ID cannot change in place: move the UPN to <see cref="TemporaryUserPrincipalName"/>
/// (the tenant's onmicrosoft.com domain), set the ID, move it back (entra-federation.md §6.1).
/// </summary>
public sealed record TakeOverUser : PlanOperation
{
    public string? PreviousImmutableId { get; init; }
    public string? TemporaryUserPrincipalName { get; init; }
}

/// <summary>POST /users/{id}/assignLicense.</summary>
public sealed record ChangeLicenses : PlanOperation
{
    public IReadOnlyList<Guid> Add { get; init; } = [];
    public IReadOnlyList<Guid> Remove { get; init; } = [];

    /// <summary>True when this removal comes from a deprovisioning rule, so the guard counts it.</summary>
    public bool Deprovisioning { get; init; }
}

public enum DeprovisioningEvent
{
    UserDisabled,
    UserDeleted,
    RemovedFromRole,
}

public enum DeprovisioningAction
{
    /// <summary>The safe default: Microsoft 365 keeps the user as it is.</summary>
    LeaveUnmodified,
    BlockSignIn,
    RemoveLicenses,
    Delete,
}

/// <summary>A deprovisioning rule applied to one user: PATCH accountEnabled=false, or DELETE /users/{id}.</summary>
public sealed record DeprovisionUser : PlanOperation
{
    public required DeprovisioningEvent Event { get; init; }
    public required DeprovisioningAction Action { get; init; }
}
