using IdpFederation.Core.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace IdpFederation.Infrastructure.Certificates.Rollover;

/// <summary>
/// Re-reads the managed signing certificates every Idp:Signing:Rollover:RefreshInterval, so a promotion made by any
/// instance reaches this one within that interval, and checks the expiry warnings as it goes.
/// </summary>
public sealed class SigningKeyRefresher(RotatingSigningKeyStore keys, SigningCertificateExpiryWarnings warnings,
    IOptionsMonitor<IdpOptions> options, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            warnings.Check();
            try
            {
                await Task.Delay(options.CurrentValue.Signing.Rollover.RefreshInterval, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            // Never throws for a database failure: the instance keeps signing with its last good set.
            await keys.RefreshAsync(stoppingToken).ConfigureAwait(false);
        }
    }
}
