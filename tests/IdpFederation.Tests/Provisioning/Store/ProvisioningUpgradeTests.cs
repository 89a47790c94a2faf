using IdpFederation.Core.Directory;
using IdpFederation.Core.Onboarding;
using IdpFederation.Core.Provisioning;
using IdpFederation.Infrastructure.Configuration;
using IdpFederation.Infrastructure.Persistence;
using IdpFederation.Tests.Directory;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace IdpFederation.Tests.Provisioning.Store;

/// <summary>
/// A directory from the release before provisioning (every migration up to MfaEnrollments applied, users already in
/// it) upgrades in place: its users need no onboarding, and the new tables work at once.
/// </summary>
public abstract class ProvisioningUpgradeTests : IAsyncLifetime
{
    private readonly string _root = System.IO.Directory.CreateTempSubdirectory("idpfed-prov-upgrade-").FullName;
    private ServiceProvider? _services;

    private IServiceProvider Services => _services!;

    protected abstract Task<string?> CreateDatabaseAsync();

    protected abstract Task DropDatabaseAsync();

    public async Task InitializeAsync()
    {
        var settings = DirectoryDatabaseFixture.BaseSettings(Path.Combine(_root, "data"), await CreateDatabaseAsync());
        ProvisioningDatabaseFixture.AddLiveModeTenant(settings);
        System.IO.Directory.CreateDirectory(Path.Combine(_root, "data"));
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
    public async Task A_directory_from_before_provisioning_upgrades_and_keeps_its_users()
    {
        var id = Guid.NewGuid();
        await using (var context = Services.GetRequiredService<IdpDbContextFactory>().CreateDbContext())
        {
            var before = context.Database.GetMigrations().Last(m => m.EndsWith("_MfaEnrollments", StringComparison.Ordinal));
            await context.GetService<IMigrator>().MigrateAsync(before);

            // The previous release's column list: no needs_onboarding column exists yet.
            var created = new DateTime(2026, 3, 1, 12, 0, 0, DateTimeKind.Utc);
            await context.Database.ExecuteSqlAsync(
                $"INSERT INTO users (id, user_principal_name, normalized_user_principal_name, immutable_id, enabled, created_at_utc) VALUES ({id}, {"old@contoso.com"}, {"OLD@CONTOSO.COM"}, {"b2xkLXVzZXI="}, {true}, {created})");
        }

        await Services.GetRequiredService<DirectoryDatabaseInitializer>().MigrateAsync(CancellationToken.None);

        var directory = Services.GetRequiredService<IUserDirectory>();
        var old = await directory.FindByUpnAsync("old@contoso.com");
        Assert.NotNull(old);
        Assert.Equal(id, old.Id);
        Assert.False(old.NeedsOnboarding);
        await directory.SetEnabledAsync("old@contoso.com", false);
        var outbox = await Services.GetRequiredService<IProvisioningOutbox>().ListDueAsync(10, DateTimeOffset.MaxValue);
        Assert.Equal([(OutboxChange.UserDisabled, "b2xkLXVzZXI=")], outbox.Select(e => (e.Change, e.ImmutableId)));
        Assert.NotNull(await Services.GetRequiredService<IOnboardingLinks>().IssueAsync("old@contoso.com", TimeSpan.FromHours(1)));
    }
}

[Trait("Kind", "Integration")]
public sealed class SqliteProvisioningUpgradeTests : ProvisioningUpgradeTests
{
    protected override Task<string?> CreateDatabaseAsync() => Task.FromResult<string?>(null);

    protected override Task DropDatabaseAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        return Task.CompletedTask;
    }
}

[Trait("Kind", "Integration")]
public sealed class PostgresProvisioningUpgradeTests : ProvisioningUpgradeTests, IRequiresPostgres
{
    private readonly PostgresScratchDatabase _database = new();

    protected override async Task<string?> CreateDatabaseAsync() => await _database.CreateAsync();

    protected override Task DropDatabaseAsync() => _database.DropAsync();
}
