using IdpFederation.Core.Mfa;
using Microsoft.AspNetCore.DataProtection.KeyManagement.Internal;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace IdpFederation.Server.Health;

/// <summary>
/// Degraded when the Data Protection key ring lacks the key that protected the most recently confirmed TOTP seed (or
/// holds it revoked): the sign of a lost or replaced key ring (say, Redis state switched on without moving data/keys),
/// after which no enrolled user can use their authenticator. Degraded rather than unhealthy, because recovery codes and
/// password-only sign-ins still work; registered with <see cref="HealthTags.DrainWhenDegraded"/>, because users who need
/// MFA cannot pass it on this node, and a node with the right key ring can serve them.
/// </summary>
/// <remarks>
/// A probe never decrypts a seed: probes arrive every few seconds from anyone, and each decryption would bring a user's
/// secret into memory for nothing. It reads the key id from the stored payload's clear header and asks the key ring
/// that Unprotect itself consults (<see cref="IKeyRingProvider"/>, cached by Data Protection and refreshed when keys
/// change or expire) whether it holds that key unrevoked: the same lookup that decides whether a decryption can
/// succeed, so the answer is the same while no seed is touched. Not caught: a single row altered in the database,
/// which only that user's sign-in reports.
/// </remarks>
public sealed partial class MfaKeyRingHealthCheck : IHealthCheck
{
    private readonly IMfaEnrollmentStore _enrollments;
    private readonly IKeyRingProvider _keyRing;
    private readonly ILogger<MfaKeyRingHealthCheck> _logger;

    public MfaKeyRingHealthCheck(IMfaEnrollmentStore enrollments, IKeyRingProvider keyRing, ILogger<MfaKeyRingHealthCheck> logger)
    {
        _enrollments = enrollments;
        _keyRing = keyRing;
        _logger = logger;
    }

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var sample = await _enrollments.GetLatestConfirmedAsync(cancellationToken).ConfigureAwait(false);
        if (sample is null)
        {
            return HealthCheckResult.Healthy("no confirmed MFA enrolments yet");
        }

        if (!MfaSecretProtector.TryGetKeyId(sample.ProtectedSeed, out var keyId))
        {
            LogNotDataProtection(sample.UserId);
            return HealthCheckResult.Degraded("the latest stored TOTP seed is not a Data Protection payload: users cannot use their authenticator apps " +
                "(recovery codes still work).");
        }

        if (_keyRing.GetCurrentKeyRing().GetAuthenticatedEncryptorByKeyId(keyId, out var revoked) is not null && !revoked)
        {
            return HealthCheckResult.Healthy("the key ring holds the key that protects stored TOTP seeds");
        }

        LogKeyMissing(keyId, revoked ? "revoked" : "missing", sample.UserId);
        return HealthCheckResult.Degraded($"the Data Protection key {keyId} that protects stored TOTP seeds is {(revoked ? "revoked" : "missing")} " +
            "in this node's key ring: users cannot use their authenticator apps (recovery codes still work). Restore the key ring the seeds were protected with.");
    }

    [LoggerMessage(EventId = 3221, Level = LogLevel.Error, Message = "The Data Protection key {KeyId} that protected the latest TOTP seed (user {UserId}) is {State} in the key ring: it was lost or replaced")]
    private partial void LogKeyMissing(Guid keyId, string state, Guid userId);

    [LoggerMessage(EventId = 3222, Level = LogLevel.Error, Message = "The latest TOTP seed (user {UserId}) is not a Data Protection payload")]
    private partial void LogNotDataProtection(Guid userId);
}
