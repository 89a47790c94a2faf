namespace IdpFederation.Infrastructure.Persistence.Provisioning;

/// <summary>The <see cref="Core.Provisioning.RunItem.Outcome"/> value the run summaries count as a failure.</summary>
internal static class RunOutcomes
{
    public const string Failed = "failed";
}
