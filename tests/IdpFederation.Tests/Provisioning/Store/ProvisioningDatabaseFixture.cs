using IdpFederation.Core.Directory;
using IdpFederation.Infrastructure.Configuration;
using IdpFederation.Infrastructure.Persistence;
using IdpFederation.Tests.CoreLayer;
using IdpFederation.Tests.Directory;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace IdpFederation.Tests.Provisioning.Store;

/// <summary>
/// A migrated directory database with one provisioning tenant in live mode, reached through the production
/// registration, on a clock the tests move. <see cref="NewInstanceAsync"/> opens a second "server" on the same database,
/// for leases. Subclasses choose the engine; one per test class, whose tests run one at a time and share the clock.
/// </summary>
public abstract class ProvisioningDatabaseFixture : IAsyncLifetime
{
    private readonly string _root = System.IO.Directory.CreateTempSubdirectory("idpfed-prov-").FullName;
    private readonly List<ServiceProvider> _instances = [];
    private string? _connectionString;

    public ManualTimeProvider Time { get; } = new();

    public IConfigurationRoot Configuration { get; private set; } = null!;

    public IServiceProvider Services => _instances[0];

    public IUserDirectory Directory => Services.GetRequiredService<IUserDirectory>();

    public async Task InitializeAsync()
    {
        _connectionString = await CreateDatabaseAsync();
        var settings = DirectoryDatabaseFixture.BaseSettings(Path.Combine(_root, "data"), _connectionString);
        AddLiveModeTenant(settings);
        Configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var first = await NewInstanceAsync();
        await first.GetRequiredService<DirectoryDatabaseInitializer>().MigrateAsync(CancellationToken.None);
    }

    /// <summary>One tenant ("contoso", for contoso.com) in live mode; nothing here ever connects to Microsoft 365.</summary>
    public static void AddLiveModeTenant(Dictionary<string, string?> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings["Idp:Provisioning:Tenants:0:Name"] = "contoso";
        settings["Idp:Provisioning:Tenants:0:TenantId"] = "00000000-0000-0000-0000-0000000c0501";
        settings["Idp:Provisioning:Tenants:0:ClientId"] = "00000000-0000-0000-0000-0000000c11e7";
        settings["Idp:Provisioning:Tenants:0:ClientSecretVariable"] = "IDPFED_TEST_UNUSED_SECRET";
        settings["Idp:Provisioning:Tenants:0:Domains:0"] = "contoso.com";
        settings["Idp:Provisioning:Tenants:0:Roles:0:Role"] = "Microsoft 365 Users";
        settings["Idp:Provisioning:Tenants:0:LiveMode"] = "true";
    }

    /// <summary>Another set of services on the same database, configuration and clock: a second server instance.</summary>
    public Task<ServiceProvider> NewInstanceAsync()
    {
        var services = new ServiceCollection();
        services.AddIdpOptions(Configuration, Path.Combine(_root, "config"));
        services.AddSingleton<TimeProvider>(Time);
        services.AddIdpDirectory();
        var provider = services.BuildServiceProvider(validateScopes: true);
        lock (_instances)
        {
            _instances.Add(provider);
        }

        return Task.FromResult(provider);
    }

    /// <summary>Turns the tenant's live mode on or off, as an edit of the configuration file would.</summary>
    public void SetLiveMode(bool on)
    {
        Configuration["Idp:Provisioning:Tenants:0:LiveMode"] = on ? "true" : "false";
        Configuration.Reload();
    }

    public IdpDbContext CreateDbContext() => Services.GetRequiredService<IdpDbContextFactory>().CreateDbContext();

    /// <summary>Empties the outbox, so a test sees only the rows its own changes wrote.</summary>
    public async Task ClearOutboxAsync()
    {
        await using var context = CreateDbContext();
        await context.ProvisioningOutbox.ExecuteDeleteAsync();
    }

    /// <summary>Makes every insert into provisioning_outbox fail in the database until disposed.</summary>
    public abstract Task<IAsyncDisposable> BlockOutboxInsertsAsync();

    public async Task DisposeAsync()
    {
        foreach (var instance in _instances)
        {
            await instance.DisposeAsync();
        }

        await DropDatabaseAsync();
        try
        {
            System.IO.Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }

    protected abstract Task<string?> CreateDatabaseAsync();

    protected abstract Task DropDatabaseAsync();

    protected async Task<IAsyncDisposable> ExecuteUntilDisposedAsync(string create, string drop)
    {
        await using (var context = CreateDbContext())
        {
            await context.Database.ExecuteSqlRawAsync(create);
        }

        return new Undo(this, drop);
    }

    private sealed class Undo(ProvisioningDatabaseFixture fixture, string sql) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await using var context = fixture.CreateDbContext();
            await context.Database.ExecuteSqlRawAsync(sql);
        }
    }
}

/// <summary>The default deployment: a SQLite file in the temp data directory.</summary>
public sealed class SqliteProvisioningFixture : ProvisioningDatabaseFixture
{
    public override Task<IAsyncDisposable> BlockOutboxInsertsAsync() => ExecuteUntilDisposedAsync(
        "CREATE TRIGGER test_block_outbox BEFORE INSERT ON provisioning_outbox BEGIN SELECT RAISE(ABORT, 'outbox insert blocked by the test'); END;",
        "DROP TRIGGER test_block_outbox;");

    protected override Task<string?> CreateDatabaseAsync() => Task.FromResult<string?>(null);

    protected override Task DropDatabaseAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        return Task.CompletedTask;
    }
}

/// <summary>A fresh database on the IDPFED_TEST_POSTGRES server.</summary>
public sealed class PostgresProvisioningFixture : ProvisioningDatabaseFixture
{
    private readonly PostgresScratchDatabase _database = new();

    public override Task<IAsyncDisposable> BlockOutboxInsertsAsync() => ExecuteUntilDisposedAsync(
        """
        CREATE FUNCTION test_block_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'outbox insert blocked by the test'; END $$;
        CREATE TRIGGER test_block_outbox BEFORE INSERT ON provisioning_outbox FOR EACH ROW EXECUTE FUNCTION test_block_outbox();
        """,
        "DROP TRIGGER test_block_outbox ON provisioning_outbox; DROP FUNCTION test_block_outbox();");

    protected override async Task<string?> CreateDatabaseAsync() => await _database.CreateAsync();

    protected override Task DropDatabaseAsync() => _database.DropAsync();
}
