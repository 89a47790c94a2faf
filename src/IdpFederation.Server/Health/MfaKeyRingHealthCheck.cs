using IdpFederation.Core.Mfa;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace IdpFederation.Server.Health;

/// <summary>
/// Degraded when the Data Protection key ring cannot decrypt the most recently confirmed TOTP seed: the sign of a lost
/// or replaced key ring (say, Redis state switched on without moving data/keys), after which no enrolled user can use
/// their authenticator. Degraded rather than unhealthy, because recovery codes and password-only sign-ins still work;
/// registered with <see cref="HealthTags.DrainWhenDegraded"/>, because users who need MFA cannot pass it on this node,
/// and a node with the right key ring can serve them.
/// </summary>
public sealed partial class MfaKeyRingHealthCheck : IHealthCheck
{
    private readonly IMfaEnrollmentStore _enrollments;
    private readonly MfaAuthenticator _mfa;
    private readonly ILogger<MfaKeyRingHealthCheck> _logger;

    public MfaKeyRingHealthCheck(IMfaEnrollmentStore enrollments, MfaAuthenticator mfa, ILogger<MfaKeyRingHealthCheck> logger)
    {
        _enrollments = enrollments;
        _mfa = mfa;
        _logger = logger;
    }

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var sample = await _enrollments.GetLatestConfirmedAsync(cancellationToken).ConfigureAwait(false);
        if (sample is null)
        {
            return HealthCheckResult.Healthy("no confirmed MFA enrolments yet");
        }

        if (_mfa.CanReadSeed(sample))
        {
            return HealthCheckResult.Healthy("stored TOTP seeds decrypt with the current key ring");
        }

        LogUnreadable(sample.UserId);
        return HealthCheckResult.Degraded("stored TOTP seeds cannot be decrypted with the current Data Protection key ring: " +
            "users cannot use their authenticator apps (recovery codes still work). Restore the key ring the seeds were protected with.");
    }

    [LoggerMessage(EventId = 3221, Level = LogLevel.Error, Message = "The TOTP seed of user {UserId} (the latest enrolment) cannot be decrypted: the Data Protection key ring was lost or replaced")]
    private partial void LogUnreadable(Guid userId);
}
