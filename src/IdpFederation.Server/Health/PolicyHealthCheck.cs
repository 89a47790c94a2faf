using IdpFederation.Core.Policies;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace IdpFederation.Server.Health;

/// <summary>
/// Degraded (still ready: the last good policy is enforced) while the policy file on disk is one that was refused,
/// with the reasons in the description so /health/ready shows them.
/// </summary>
public sealed class PolicyHealthCheck : IHealthCheck
{
    private readonly IPolicyProvider _policies;

    public PolicyHealthCheck(IPolicyProvider policies) => _policies = policies;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_policies.LastRejection is { } errors
            ? HealthCheckResult.Degraded("policy edit rejected, previous policy in force: " + string.Join(" | ", errors))
            : HealthCheckResult.Healthy($"{_policies.Current.Rules.Count} rules from {_policies.Current.Source}"));
}
