using IdpFederation.Core.Auditing;
using IdpFederation.Infrastructure.Configuration;
using IdpFederation.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace IdpFederation.Tests.Directory;

/// <summary>
/// A database created by the first release (only the first migration applied, audit rows already written) must
/// upgrade in place at start-up: the old rows survive with no details and new rows carry them.
/// </summary>
public abstract class AuditDetailsUpgradeTests : IAsyncLifetime
{
    private readonly string _root = System.IO.Directory.CreateTempSubdirectory("idpfed-upgrade-").FullName;
    private ServiceProvider? _services;

    protected string DataDirectory => Path.Combine(_root, "data");

    private IServiceProvider Services => _services!;

    /// <summary>An empty database for Idp:Database:ConnectionString (null: the default SQLite file).</summary>
    protected abstract Task<string?> CreateDatabaseAsync();

    protected abstract Task DropDatabaseAsync();

    public async Task InitializeAsync()
    {
        System.IO.Directory.CreateDirectory(DataDirectory);
        var settings = DirectoryDatabaseFixture.BaseSettings(DataDirectory, await CreateDatabaseAsync());
        var services = new ServiceCollection();
        services.AddIdpOptions(new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), Path.Combine(_root, "config"));
        services.AddIdpDirectory();
        _services = services.BuildServiceProvider(validateScopes: true);
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
            System.IO.Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // Harmless leftovers in the temp folder.
        }
    }

    [DatabaseFact]
    public async Task A_database_from_the_first_migration_upgrades_and_keeps_its_audit_rows()
    {
        var username = $"upgrade{Guid.NewGuid():N}@contoso.com";
        await using (var context = Services.GetRequiredService<IdpDbContextFactory>().CreateDbContext())
        {
            var first = context.Database.GetMigrations().First();
            await context.GetService<IMigrator>().MigrateAsync(first);
            Assert.Equal([first], await context.Database.GetAppliedMigrationsAsync());

            // The first release's column list: no details column exists yet, so the EF model cannot write this row.
            var at = new DateTime(2026, 3, 1, 12, 0, 0, DateTimeKind.Utc);
            await context.Database.ExecuteSqlAsync(
                $"INSERT INTO audit_events (timestamp_utc, event_type, username, normalized_username, outcome) VALUES ({at}, {AuditEventTypes.SignIn}, {username}, {username.ToUpperInvariant()}, {AuditOutcomes.Success})");
        }

        var initializer = Services.GetRequiredService<DirectoryDatabaseInitializer>();
        await initializer.MigrateAsync(CancellationToken.None);
        var log = Services.GetRequiredService<IAuditLog>();
        await log.WriteAsync(new AuditEvent
        {
            Timestamp = new DateTimeOffset(2026, 3, 2, 12, 0, 0, TimeSpan.Zero),
            EventType = AuditEventTypes.SignIn,
            Username = username,
            Outcome = AuditOutcomes.Failure,
            Details = """{"decision":"Deny"}""",
        });

        Assert.Empty(await initializer.GetPendingMigrationsAsync(CancellationToken.None));
        var events = await log.QueryAsync(new AuditQuery { Username = username });
        Assert.Equal(["""{"decision":"Deny"}""", null], events.Select(e => e.Details));
        Assert.Equal([AuditOutcomes.Failure, AuditOutcomes.Success], events.Select(e => e.Outcome));
    }
}

[Trait("Kind", "Integration")]
public sealed class SqliteAuditDetailsUpgradeTests : AuditDetailsUpgradeTests
{
    protected override Task<string?> CreateDatabaseAsync() => Task.FromResult<string?>(null);

    protected override Task DropDatabaseAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        return Task.CompletedTask;
    }
}

[Trait("Kind", "Integration")]
public sealed class PostgresAuditDetailsUpgradeTests : AuditDetailsUpgradeTests, IRequiresPostgres
{
    private readonly PostgresScratchDatabase _database = new();

    protected override async Task<string?> CreateDatabaseAsync() => await _database.CreateAsync();

    protected override Task DropDatabaseAsync() => _database.DropAsync();
}
