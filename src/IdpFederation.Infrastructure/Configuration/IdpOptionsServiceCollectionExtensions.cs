using IdpFederation.Core.Configuration;
using IdpFederation.Core.Domains;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IdpFederation.Infrastructure.Configuration;

public static class IdpOptionsServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates <see cref="IdpOptions"/> (at start-up and on reload), registers <see cref="IdpPaths"/>,
    /// <see cref="TimeProvider"/> and the domain catalog. Shared by the server and the CLI.
    /// </summary>
    public static IdpPaths AddIdpOptions(this IServiceCollection services, IConfiguration configuration, string configDirectory)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<IdpOptions>().Bind(configuration.GetSection(IdpOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<IdpOptions>, IdpOptionsValidator>();
        // Validation failures name the file and line (or environment variable) of the setting they are about.
        services.AddSingleton(new ConfigurationKeyLocator(configuration));
        services.AddSingleton<LastGoodOptionsFactory<IdpOptions>>();
        services.AddSingleton<IOptionsFactory<IdpOptions>>(sp => sp.GetRequiredService<LastGoodOptionsFactory<IdpOptions>>());
        var dataDirectory = configuration[$"{IdpOptions.SectionName}:{nameof(IdpOptions.DataDirectory)}"] ?? "data";
        var paths = IdpPaths.Resolve(configDirectory, dataDirectory);
        services.AddSingleton(paths);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<FederatedDomainCatalog>();
        return paths;
    }
}
