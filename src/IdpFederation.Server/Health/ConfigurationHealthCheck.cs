using IdpFederation.Core.Configuration;
using IdpFederation.Infrastructure.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace IdpFederation.Server.Health;

/// <summary>
/// Degraded while a config file on disk is not the one in force: it does not parse (file, line and column), or its
/// settings failed validation. The last good configuration still serves, so this does not drain the node.
/// </summary>
public sealed class ConfigurationHealthCheck : IHealthCheck
{
    private readonly ConfigurationFileErrors _files;
    private readonly IOptionsMonitor<IdpOptions> _monitor;
    private readonly LastGoodOptionsFactory<IdpOptions> _options;

    public ConfigurationHealthCheck(ConfigurationFileErrors files, IOptionsMonitor<IdpOptions> monitor, LastGoodOptionsFactory<IdpOptions> options)
    {
        _files = files;
        _monitor = monitor;
        _options = options;
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        // Reading the options first makes sure the latest change has been validated, even if nothing else asked yet.
        _ = _monitor.CurrentValue;
        var problems = _files.All.Concat(_options.LastRejection ?? []).ToArray();
        return Task.FromResult(problems.Length == 0
            ? HealthCheckResult.Healthy("configuration files applied")
            : HealthCheckResult.Degraded("configuration edit rejected, previous configuration in force: " + string.Join(" | ", problems)));
    }
}
