using IdpFederation.Core.State;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace IdpFederation.Server.Health;

/// <summary>Not ready while the shared state store is unreachable: sign-ins would fail with 503 on this node.</summary>
public sealed class StateStoreHealthCheck : IHealthCheck
{
    private readonly IStateStoreHealth _state;

    public StateStoreHealthCheck(IStateStoreHealth state) => _state = state;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var problem = await _state.CheckAsync(cancellationToken).ConfigureAwait(false);
        return problem is null ? HealthCheckResult.Healthy("shared state reachable") : HealthCheckResult.Unhealthy(problem);
    }
}
