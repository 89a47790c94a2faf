using IdpFederation.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace IdpFederation.Tests.Directory;

/// <summary>The fixture starts from an empty database, so these check what MigrateAsync built there.</summary>
public abstract class DirectoryMigrationTests<TFixture> : IClassFixture<TFixture> where TFixture : DirectoryDatabaseFixture
{
    protected DirectoryMigrationTests(TFixture fixture) => Fixture = fixture;

    protected TFixture Fixture { get; }

    [DatabaseFact]
    public async Task Every_migration_is_applied_to_an_empty_database()
    {
        await using var context = Fixture.Services.GetRequiredService<IdpDbContextFactory>().CreateDbContext();
        var known = context.Database.GetMigrations().ToList();

        var applied = await Fixture.Initializer.GetAppliedMigrationsAsync(CancellationToken.None);

        Assert.NotEmpty(known);
        Assert.Equal(known, applied);
        Assert.Empty(await Fixture.Initializer.GetPendingMigrationsAsync(CancellationToken.None));
    }

    [DatabaseFact]
    public async Task Migrating_again_is_harmless_and_keeps_data()
    {
        var upn = $"migrate{Guid.NewGuid():N}@contoso.com";
        await Fixture.Directory.CreateAsync(new Core.Directory.NewUser { UserPrincipalName = upn });

        await Fixture.Initializer.MigrateAsync(CancellationToken.None);

        Assert.NotNull(await Fixture.Directory.FindByUpnAsync(upn));
    }

    [DatabaseFact]
    public void Model_has_no_changes_missing_from_the_migrations()
    {
        using var context = Fixture.Services.GetRequiredService<IdpDbContextFactory>().CreateDbContext();

        // Fails when an entity or mapping changed without a new migration for this provider.
        Assert.False(context.Database.HasPendingModelChanges());
    }
}

[Trait("Kind", "Integration")]
public sealed class SqliteDirectoryMigrationTests(SqliteDatabaseFixture fixture) : DirectoryMigrationTests<SqliteDatabaseFixture>(fixture)
{
    [Fact]
    public void Default_database_is_a_private_sqlite_file_in_the_data_directory()
    {
        Assert.True(File.Exists(Fixture.DatabaseFile));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Fixture.DatabaseFile));
        }
    }
}

[Trait("Kind", "Integration")]
public sealed class PostgresDirectoryMigrationTests(PostgresDatabaseFixture fixture)
    : DirectoryMigrationTests<PostgresDatabaseFixture>(fixture), IRequiresPostgres;
