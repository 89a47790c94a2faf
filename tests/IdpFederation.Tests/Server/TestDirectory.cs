using IdpFederation.Core.Auditing;
using IdpFederation.Core.Directory;
using IdpFederation.Infrastructure.Configuration;
using IdpFederation.Infrastructure.Persistence;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace IdpFederation.Tests.Server;

/// <summary>The same directory services the server uses, pointed at a test environment's config and database.</summary>
public sealed class TestDirectory : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private TestDirectory(ServiceProvider services) => _services = services;

    public IUserDirectory Users => _services.GetRequiredService<IUserDirectory>();
    public IAuditLog Audit => _services.GetRequiredService<IAuditLog>();

    /// <summary>The directory's service provider, for stores without a shortcut here (MFA enrolments).</summary>
    public IServiceProvider Services => _services;

    public static async Task<TestDirectory> OpenAsync(TestIdpEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var configuration = new ConfigurationBuilder().AddIdpConfigurationFiles(environment.ConfigDirectory, "Development", new ConfigurationFileErrors(), reloadOnChange: false).Build();
        var services = new ServiceCollection();
        services.AddIdpOptions(configuration, environment.ConfigDirectory);
        services.AddIdpDirectory();
        var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<DirectoryDatabaseInitializer>().MigrateAsync(CancellationToken.None).ConfigureAwait(false);
        return new TestDirectory(provider);
    }

    public Task<DirectoryUser> AddUserAsync(string upn, string password, string? immutableId = null) =>
        Users.CreateAsync(new NewUser { UserPrincipalName = upn, Password = password, DisplayName = upn, ImmutableId = immutableId });

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
