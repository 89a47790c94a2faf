using Microsoft.Extensions.Configuration;

namespace IdpFederation.Infrastructure.Configuration;

public static class IdpConfigurationExtensions
{
    /// <summary>
    /// Adds config/idpfederation.json, then idpfederation.{environment}.json, then IDPFED_-free environment overrides
    /// (Idp__PublicBaseUrl=...). Files reload on change so edits apply without a restart.
    /// </summary>
    public static IConfigurationBuilder AddIdpConfigurationFiles(
        this IConfigurationBuilder builder, string configDirectory, string environmentName)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddJsonFile(Path.Combine(configDirectory, IdpPaths.MainConfigFile), optional: true, reloadOnChange: true);
        builder.AddJsonFile(Path.Combine(configDirectory, $"idpfederation.{environmentName}.json"), optional: true, reloadOnChange: true);
        builder.AddEnvironmentVariables();
        return builder;
    }
}
