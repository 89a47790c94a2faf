using IdpFederation.Core.Networks;
using IdpFederation.Core.Policies;
using IdpFederation.Infrastructure.Geo;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace IdpFederation.Server.Health;

/// <summary>
/// Degraded (still ready: the last good policy is enforced) while the policy file on disk is one that was refused,
/// with the reasons in the description so /health/ready shows them; likewise while a replaced country database file
/// (Idp:Policy:CountryDatabase) was refused and the previous one still answers.
/// </summary>
public sealed class PolicyHealthCheck : IHealthCheck
{
    private readonly IPolicyProvider _policies;
    private readonly ICountryLookup _countries;

    public PolicyHealthCheck(IPolicyProvider policies, ICountryLookup countries)
    {
        _policies = policies;
        _countries = countries;
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var problems = new List<string>();
        if (_policies.LastRejection is { } errors)
        {
            problems.Add("policy edit rejected, previous policy in force: " + string.Join(" | ", errors));
        }

        if (_countries is ReloadingCountryLookup { LastReloadError: { } countryError })
        {
            problems.Add("country database replacement refused, previous database in force: " + countryError);
        }

        return Task.FromResult(problems.Count > 0
            ? HealthCheckResult.Degraded(string.Join(" | ", problems))
            : HealthCheckResult.Healthy($"{_policies.Current.Rules.Count} rules from {_policies.Current.Source}"));
    }
}
