using IdpFederation.Core.Configuration;
using IdpFederation.Infrastructure.Certificates;
using IdpFederation.Infrastructure.Configuration;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace IdpFederation.Infrastructure.State.DataProtection;

public static class IdpDataProtectionServiceCollectionExtensions
{
    /// <summary>Every instance uses this name, so they all read the same keys and each other's payloads.</summary>
    public const string ApplicationName = "IdpFederation";

    /// <summary>The folder under the data directory that holds the key ring when Redis is not configured.</summary>
    public const string KeysFolder = "keys";

    public const string KeyEncryptionCertificateSetting = "Idp:State:KeyEncryptionCertificate";

    /// <summary>
    /// The Data Protection key ring that cookies and antiforgery tokens depend on: in Redis when Idp:State:Redis is set
    /// (call AddIdpSharedState first; it registers the connection), so every instance behind the load balancer shares
    /// it, else in {data}/keys. With Idp:State:KeyEncryptionCertificate each key is encrypted with that certificate
    /// before it is stored, so neither a Redis dump nor a copy of the folder yields a usable key. Decided once at
    /// start-up, like the rest of the shared state; a certificate that cannot be used stops start-up here.
    /// </summary>
    public static IDataProtectionBuilder AddIdpDataProtection(this IServiceCollection services, IConfiguration configuration, IdpPaths paths)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(paths);
        var state = configuration.GetSection($"{IdpOptions.SectionName}:State");
        var builder = services.AddDataProtection().SetApplicationName(ApplicationName);
        if (string.IsNullOrWhiteSpace(state[nameof(StateOptions.Redis)]))
        {
            builder.PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(paths.DataDirectory, KeysFolder)));
        }
        else
        {
            builder.PersistKeysToRedis();
        }

        var source = state.GetSection(nameof(StateOptions.KeyEncryptionCertificate)).Get<CertificateSource>();
        if (source is { Path.Length: > 0 })
        {
            // The same loader and checks as the signing certificate (RSA of at least 2048 bits, private key present),
            // so a wrong password or a file that is not a certificate stops start-up with one line naming this setting.
            var certificate = SigningCertificateLoader.LoadFromSource(source, paths, KeyEncryptionCertificateSetting);
            // Unprotect names the certificate explicitly: on Linux there is no machine store for Data Protection to search.
            builder.ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate(certificate);
        }

        return builder;
    }
}
