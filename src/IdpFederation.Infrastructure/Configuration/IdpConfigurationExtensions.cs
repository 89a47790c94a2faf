using Microsoft.Extensions.Configuration;

namespace IdpFederation.Infrastructure.Configuration;

public static class IdpConfigurationExtensions
{
    /// <summary>
    /// Adds config/idpfederation.json, then idpfederation.{environment}.json, then environment variables
    /// (Idp__PublicBaseUrl=...). Files reload on change so edits apply without a restart.
    /// </summary>
    public static IConfigurationBuilder AddIdpConfigurationFiles(
        this IConfigurationBuilder builder, string configDirectory, string environmentName) =>
        builder.AddIdpConfigurationFiles(configDirectory, environmentName, new ConfigurationFileErrors());

    /// <param name="errors">Collects files that failed to parse: check it after the first load to refuse to start.</param>
    /// <param name="reloadOnChange">
    /// True for the server. Short-lived hosts (the CLI) pass false: each watcher holds an inotify instance, a per-user
    /// resource that many in-process runs would exhaust.
    /// </param>
    public static IConfigurationBuilder AddIdpConfigurationFiles(
        this IConfigurationBuilder builder, string configDirectory, string environmentName, ConfigurationFileErrors errors, bool reloadOnChange = true)
    {
        ArgumentNullException.ThrowIfNull(builder);
        AddFile(builder, Path.Combine(configDirectory, IdpPaths.MainConfigFile), errors, reloadOnChange);
        AddFile(builder, Path.Combine(configDirectory, $"idpfederation.{environmentName}.json"), errors, reloadOnChange);
        builder.AddEnvironmentVariables();
        return builder;
    }

    private static void AddFile(IConfigurationBuilder builder, string path, ConfigurationFileErrors errors, bool reloadOnChange)
    {
        var source = new LastGoodJsonConfigurationSource(path, errors) { Path = path, Optional = true, ReloadOnChange = reloadOnChange };
        source.ResolveFileProvider();
        // JSON that does not parse is handled by the provider. Anything else that fails a load (the file cannot be
        // read) must not throw on the file watcher's thread either: it is recorded like a parse error.
        source.OnLoadException = context =>
        {
            errors.Refuse(path, context.Exception.InnerException?.Message ?? context.Exception.Message);
            context.Ignore = true;
        };
        builder.Add(source);
    }
}
