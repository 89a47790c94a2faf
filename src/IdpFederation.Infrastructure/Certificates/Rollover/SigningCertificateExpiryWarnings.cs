using System.Security.Cryptography.X509Certificates;
using IdpFederation.Core.Tokens.Rollover;
using Microsoft.Extensions.Logging;

namespace IdpFederation.Infrastructure.Certificates.Rollover;

/// <summary>
/// Logs a warning when the signing certificate in use (or the next one) is within 60, 30 or 7 days of expiry: once per
/// certificate and threshold per day on each instance, so a log alert fires daily without flooding.
/// </summary>
public sealed class SigningCertificateExpiryWarnings(RotatingSigningKeyStore keys, TimeProvider time, ILogger<SigningCertificateExpiryWarnings> logger)
{
    private readonly HashSet<(string Thumbprint, int Threshold, DateOnly Day)> _logged = [];

    public void Check()
    {
        var now = time.GetUtcNow();
        var set = keys.Keys;
        Check(set.Current, "current", now);
        if (set.Next is { } next)
        {
            Check(next, "next", now);
        }
    }

    private void Check(X509Certificate2 certificate, string slot, DateTimeOffset now)
    {
        var notAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime());
        if (CertificateExpiry.Threshold(notAfter, now) is not { } threshold)
        {
            return;
        }

        lock (_logged)
        {
            if (!_logged.Add((certificate.Thumbprint, threshold, DateOnly.FromDateTime(now.UtcDateTime))))
            {
                return;
            }
        }

        SigningLog.ExpiryWarning(logger, certificate.Thumbprint, slot, notAfter, CertificateExpiry.DaysLeft(notAfter, now), threshold);
    }
}
