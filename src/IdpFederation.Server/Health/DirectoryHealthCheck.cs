using IdpFederation.Core.Directory;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace IdpFederation.Server.Health;

/// <summary>Ready only while the directory database answers a cheap indexed lookup.</summary>
public sealed class DirectoryHealthCheck : IHealthCheck
{
    /// <summary>A name no user can have (RFC 2606 reserves .invalid), so the probe reads an index and nothing else.</summary>
    public const string ProbeUpn = "health-probe@invalid.invalid";

    private readonly IUserDirectory _directory;

    public DirectoryHealthCheck(IUserDirectory directory) => _directory = directory;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(2));
            await _directory.FindByUpnAsync(ProbeUpn, timeout.Token).ConfigureAwait(false);
            return HealthCheckResult.Healthy("directory reachable");
        }
#pragma warning disable CA1031 // Any failure means not ready; the exception is reported, not swallowed.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return HealthCheckResult.Unhealthy("directory unreachable: " + ex.GetType().Name);
        }
    }
}
