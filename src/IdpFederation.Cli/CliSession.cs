using IdpFederation.Infrastructure.Provisioning;
using IdpFederation.Core.Configuration;
using IdpFederation.Core.Passwords;
using IdpFederation.Core.Sessions;
using IdpFederation.Infrastructure.Configuration;
using IdpFederation.Infrastructure.Persistence;
using IdpFederation.Infrastructure.State;
using IdpFederation.Infrastructure.State.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IdpFederation.Cli;

/// <summary>
/// The services one command runs with: the same configuration files, options validation and directory registration
/// as the server, so the CLI and the server always agree on which database they use.
/// </summary>
internal sealed class CliSession : IAsyncDisposable
{
    private readonly ConfigurationRoot _configuration;
    private readonly ServiceProvider _services;

    private CliSession(ConfigurationRoot configuration, ServiceProvider services, IdpPaths paths, string environmentName, bool sharedState)
    {
        _configuration = configuration;
        _services = services;
        Paths = paths;
        EnvironmentName = environmentName;
        HasSharedState = sharedState;
    }

    public IServiceProvider Services => _services;
    public IdpPaths Paths { get; }
    public string EnvironmentName { get; }
    public IdpOptions Options => _services.GetRequiredService<IOptions<IdpOptions>>().Value;

    /// <summary>True when Idp:State:Redis is set, so sessions live in Redis where the CLI can reach them.</summary>
    public bool HasSharedState { get; }

    /// <summary>The sessions every server instance uses; refused when they live inside the server process instead.</summary>
    public ISessionStore RequireSharedSessions() => HasSharedState
        ? Get<ISessionStore>()
        : throw new CliRefusedException(
            "Sessions live inside the server process when Idp:State:Redis is not set; configure Idp:State:Redis " +
            "(shared by the server and the CLI) to list or revoke them from the command line.");

    public static async Task<CliSession> OpenAsync(string? configDirectory, bool migrateDirectory, CancellationToken cancellationToken,
        Action<IServiceCollection>? configureServices = null)
    {
        var configDir = IdpPaths.LocateConfigDirectory(configDirectory);
        if (!File.Exists(Path.Combine(configDir, IdpPaths.MainConfigFile)))
        {
            throw new CliRefusedException(
                $"No {IdpPaths.MainConfigFile} in '{configDir}': pass --config-dir or set {IdpPaths.ConfigDirectoryVariable}.");
        }

        var environmentName = Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") is { Length: > 0 } name ? name : "Production";
        ConfigurationFileCheck.ThrowIfMalformed(Path.Combine(configDir, IdpPaths.MainConfigFile));
        ConfigurationFileCheck.ThrowIfMalformed(Path.Combine(configDir, $"idpfederation.{environmentName}.json"));
        var fileErrors = new ConfigurationFileErrors();
        var configuration = (ConfigurationRoot)new ConfigurationBuilder().AddIdpConfigurationFiles(configDir, environmentName, fileErrors, reloadOnChange: false).Build();
        if (fileErrors.All.Count > 0)
        {
            configuration.Dispose();
            throw new CliRefusedException("Configuration file rejected: " + fileErrors.All[0]);
        }

        var services = new ServiceCollection();
        var paths = services.AddIdpOptions(configuration, configDir);
        services.AddIdpDirectory();
        services.AddIdpProvisioning();
        // The same Redis services as the server, so session commands see and end the sessions every instance sees.
        // Nothing connects until a command asks for them, so directory commands never wait on Redis.
        var sharedState = services.AddIdpSharedState(configuration);
        // The server's key ring (Redis or {data}/keys), so a signing key stored by idpfed cert new is one the server can read.
        services.AddIdpDataProtection(configuration, paths);
        configureServices?.Invoke(services);
        var session = new CliSession(configuration, services.BuildServiceProvider(validateScopes: true), paths, environmentName, sharedState);
        try
        {
            // Resolving the options runs IdpOptionsValidator, so a bad config file is reported before anything changes;
            // the password policy reads Idp:PasswordPolicy:BannedPasswordsFile, which must exist when it is named.
            _ = session.Options;
            _ = session.Get<PasswordPolicy>();
            if (migrateDirectory)
            {
                await session.Services.GetRequiredService<DirectoryDatabaseInitializer>().MigrateAsync(cancellationToken).ConfigureAwait(false);
            }

            return session;
        }
        catch
        {
            await session.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync().ConfigureAwait(false);
        // Disposing the configuration stops its file watchers, which matters when tests run many commands in-process.
        _configuration.Dispose();
    }
}
