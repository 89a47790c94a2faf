using System.Diagnostics.Metrics;
using IdpFederation.Core.Telemetry;

namespace IdpFederation.Infrastructure.Certificates.Rollover;

/// <summary>
/// idpfed.signing.certificate.expiry: days until the current and the next signing certificate expire (slot="current" or
/// "next"), read at each scrape, so an alert on "below 30" needs no log parsing.
/// </summary>
public sealed class SigningCertificateMetrics
{
    public SigningCertificateMetrics(IMeterFactory? meterFactory, RotatingSigningKeyStore keys, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var meter = IdpMeters.Create(meterFactory, IdpTelemetryNames.SigningMeter);
        meter.CreateObservableGauge(IdpTelemetryNames.SigningCertificateExpiry, () =>
        {
            var set = keys.Keys;
            var now = time.GetUtcNow().UtcDateTime;
            var days = new List<Measurement<double>>
            {
                new((set.Current.NotAfter.ToUniversalTime() - now).TotalDays, new KeyValuePair<string, object?>("slot", "current")),
            };
            if (set.Next is { } next)
            {
                days.Add(new((next.NotAfter.ToUniversalTime() - now).TotalDays, new KeyValuePair<string, object?>("slot", "next")));
            }

            return days;
        }, "d", "Days until the signing certificate expires, per slot (current, next).");
    }
}
