using IdpFederation.Core.Configuration;
using IdpFederation.Core.Tokens;
using IdpFederation.Infrastructure.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IdpFederation.Infrastructure.Certificates.Rollover;

public static class SigningKeyServiceCollectionExtensions
{
    /// <summary>
    /// The server's signing keys: Idp:Signing (or the development certificate) as the starting point, the managed
    /// certificates in the database on top (<see cref="RotatingSigningKeyStore"/> as <see cref="ISigningKeyStore"/>),
    /// the refresher, the expiry warnings and metric, and the rollover worker. The worker pushes to Entra through
    /// IEntraFederationCertificates when one is registered, resolved at each pass. Needs AddIdpDirectory and Data Protection.
    /// </summary>
    public static IServiceCollection AddIdpSigningKeys(this IServiceCollection services, IdpPaths paths, bool isDevelopment)
    {
        services.AddSingleton(sp => SigningCertificateLoader.Load(
            sp.GetRequiredService<IOptions<IdpOptions>>().Value.Signing, paths, isDevelopment, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<RotatingSigningKeyStore>();
        services.AddSingleton<ISigningKeyStore>(sp => sp.GetRequiredService<RotatingSigningKeyStore>());
        services.AddSingleton<SigningCertificateExpiryWarnings>();
        services.AddSingleton<SigningCertificateMetrics>();
        services.AddHostedService<SigningKeyRefresher>();
        services.AddHostedService<CertificateRolloverWorker>();
        return services;
    }
}
