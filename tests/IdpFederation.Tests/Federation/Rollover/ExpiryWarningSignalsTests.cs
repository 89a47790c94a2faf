using System.Diagnostics.Metrics;
using IdpFederation.Core.Telemetry;
using IdpFederation.Core.Tokens.Rollover;
using IdpFederation.Infrastructure.Certificates;
using IdpFederation.Infrastructure.Certificates.Rollover;
using IdpFederation.Tests.CoreLayer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace IdpFederation.Tests.Federation.Rollover;

/// <summary>The expiry warning's log line (once per threshold per day) and the days-to-expiry gauge, on injected time.</summary>
[Trait("Kind", "Unit")]
public sealed class ExpiryWarningSignalsTests : IDisposable
{
    private static readonly DateTimeOffset Start = DateTimeOffset.UtcNow;
    private readonly ManualTimeProvider _time = new(Start);
    private readonly System.Security.Cryptography.X509Certificates.X509Certificate2 _current =
        SigningCertificateGenerator.Create("https://sts.contoso.com", Start.AddDays(-300), 365, 2048);
    private readonly RotatingSigningKeyStore _keys;

    public ExpiryWarningSignalsTests() =>
        _keys = new RotatingSigningKeyStore(new SigningCertificates(_current, null), new EmptyStore(), _time, NullLogger<RotatingSigningKeyStore>.Instance);

    public void Dispose()
    {
        _keys.Dispose();
        _current.Dispose();
    }

    [Fact]
    public void Logs_each_threshold_once_a_day()
    {
        var logger = new ListLogger<SigningCertificateExpiryWarnings>();
        var warnings = new SigningCertificateExpiryWarnings(_keys, _time, logger);

        warnings.Check(); // 65 days left: nothing
        _time.SetUtcNow(Start.AddDays(6)); // 59 days left
        warnings.Check();
        warnings.Check();
        _time.SetUtcNow(Start.AddDays(7));
        warnings.Check(); // the next day: again
        _time.SetUtcNow(Start.AddDays(36)); // 29 days left
        warnings.Check();

        Assert.Equal([60, 60, 30], logger.Entries.Where(e => e.EventId.Id == 7003).Select(e => (int)e.Values["Threshold"]!));
    }

    [Fact]
    public void The_gauge_reports_days_until_the_current_certificate_expires()
    {
        // A container's meter factory, so no meter outlives the test or shows up in another test's listener.
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = services.GetRequiredService<IMeterFactory>();
        _ = new SigningCertificateMetrics(factory, _keys, _time);
        double? reported = null;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == IdpTelemetryNames.SigningCertificateExpiry && ReferenceEquals(instrument.Meter.Scope, factory))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((_, value, tags, _) =>
        {
            if (tags.ToArray().Any(t => t.Key == "slot" && (string?)t.Value == "current"))
            {
                reported = value;
            }
        });
        listener.Start();

        listener.RecordObservableInstruments();

        Assert.InRange(reported!.Value, 64.9, 65.1);
    }

    private sealed class EmptyStore : ISigningCertificateStore
    {
        public Task<IReadOnlyList<ManagedSigningCertificate>> ListAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<ManagedSigningCertificate>>([]);

        public Task<System.Security.Cryptography.X509Certificates.X509Certificate2?> LoadAsync(string thumbprint, CancellationToken cancellationToken) =>
            Task.FromResult<System.Security.Cryptography.X509Certificates.X509Certificate2?>(null);

        public Task AddNextAsync(System.Security.Cryptography.X509Certificates.X509Certificate2 certificate, string createdBy, bool replace, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<bool> PromoteAsync(string thumbprint, DateTimeOffset now, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
