using IdpFederation.Core.Tokens.Rollover;
using IdpFederation.Infrastructure.Certificates.Rollover;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace IdpFederation.Server.Health;

/// <summary>
/// The signing certificate's expiry and the managed keys' freshness, in the health detail. Healthy with a warning in
/// the description from 60 days before expiry; Degraded from 30 days (Entra's own renewal window, spec §7), at 7 days,
/// once expired, or when this instance cannot read the managed certificates. Never Unhealthy and never draining: every
/// instance signs with the same certificate, so taking one out of the load balancer would fix nothing.
/// </summary>
public sealed class SigningCertificateHealthCheck(RotatingSigningKeyStore keys, TimeProvider time) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var set = keys.Keys;
        var now = time.GetUtcNow();
        var notAfter = new DateTimeOffset(set.Current.NotAfter.ToUniversalTime());
        var next = set.Next is { } n ? $"; next {n.Thumbprint} until {n.NotAfter.ToUniversalTime():yyyy-MM-dd}" : "; no next certificate";
        var summary = $"signing with {set.Current.Thumbprint} until {notAfter:yyyy-MM-dd}{next}";
        if (keys.LastRefreshError is { } error)
        {
            return Task.FromResult(HealthCheckResult.Degraded($"{summary}; the managed certificates could not be read ({error}), so this instance keeps its last good set"));
        }

        if (CertificateExpiry.Warning(set.Current.Thumbprint, notAfter, now) is not { } warning)
        {
            return Task.FromResult(HealthCheckResult.Healthy(summary));
        }

        var advice = set.Next is null ? "; run idpfed cert new" : "";
        return Task.FromResult(CertificateExpiry.Threshold(notAfter, now) <= 30
            ? HealthCheckResult.Degraded($"{summary}; {warning}{advice}")
            : HealthCheckResult.Healthy($"{summary}; warning: {warning}{advice}"));
    }
}
