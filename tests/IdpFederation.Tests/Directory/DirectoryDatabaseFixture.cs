using IdpFederation.Core.Auditing;
using IdpFederation.Core.Directory;
using IdpFederation.Core.Passwords;
using IdpFederation.Infrastructure.Configuration;
using IdpFederation.Infrastructure.Persistence;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace IdpFederation.Tests.Directory;

/// <summary>
/// A migrated, empty directory database reached through the production registration (AddIdpOptions + AddIdpDirectory).
/// Subclasses choose the engine; use one per test class (IClassFixture) and give each test its own UPNs.
/// </summary>
public abstract class DirectoryDatabaseFixture : IAsyncLifetime
{
    /// <summary>The floor IdpOptionsValidator accepts; keeps hashing in tests fast.</summary>
    public const int TestIterations = 100_000;

    private ServiceProvider? _services;

    protected DirectoryDatabaseFixture()
    {
        RootDirectory = System.IO.Directory.CreateTempSubdirectory("idpfed-test-").FullName;
    }

    /// <summary>Temporary folder holding config/ and data/; deleted on dispose.</summary>
    public string RootDirectory { get; }

    public string ConfigDirectory => Path.Combine(RootDirectory, "config");

    public string DataDirectory => Path.Combine(RootDirectory, "data");

    public IServiceProvider Services => _services ?? throw new InvalidOperationException("The fixture is not initialized.");

    public IUserDirectory Directory => Services.GetRequiredService<IUserDirectory>();

    public IAuditLog AuditLog => Services.GetRequiredService<IAuditLog>();

    public IPasswordHasher PasswordHasher => Services.GetRequiredService<IPasswordHasher>();

    public DirectoryDatabaseInitializer Initializer => Services.GetRequiredService<DirectoryDatabaseInitializer>();

    public async Task InitializeAsync()
    {
        var connectionString = await CreateDatabaseAsync();
        _services = BuildServices(connectionString);
        await Initializer.MigrateAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        await DropDatabaseAsync();
        try
        {
            System.IO.Directory.Delete(RootDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless; failing the run over it is not.
        }
    }

    /// <summary>Settings for the "Idp" section: contoso.com and fabrikam.com federated, fast hashing.</summary>
    public static Dictionary<string, string?> BaseSettings(string dataDirectory, string? connectionString) => new()
    {
        ["Idp:DataDirectory"] = dataDirectory,
        ["Idp:Domains:0:Name"] = "contoso.com",
        ["Idp:Domains:1:Name"] = "fabrikam.com",
        ["Idp:Domains:1:IssuerUri"] = "http://fabrikam.com/adfs/services/trust/",
        ["Idp:PasswordHashing:Iterations"] = TestIterations.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Idp:Database:ConnectionString"] = connectionString,
    };

    /// <summary>Creates the empty database and returns the connection string for Idp:Database:ConnectionString.</summary>
    protected abstract Task<string?> CreateDatabaseAsync();

    protected abstract Task DropDatabaseAsync();

    private ServiceProvider BuildServices(string? connectionString)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(BaseSettings(DataDirectory, connectionString)).Build();
        var services = new ServiceCollection();
        services.AddIdpOptions(configuration, ConfigDirectory);
        services.AddIdpDirectory();
        return services.BuildServiceProvider(validateScopes: true);
    }
}
