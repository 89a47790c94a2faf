using IdpFederation.Core.Authentication;
using IdpFederation.Core.DependencyInjection;
using IdpFederation.Core.Directory;
using IdpFederation.Core.Passwords;
using IdpFederation.Infrastructure.Configuration;
using IdpFederation.Infrastructure.Persistence;
using IdpFederation.Tests.Directory;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace IdpFederation.Tests.Passwords;

/// <summary>
/// The policy governs choosing a password, not using one: a user whose password predates the policy still signs in,
/// and the re-hash to stronger parameters that sign-in triggers is not refused either. Real SQLite directory.
/// </summary>
[Trait("Kind", "Integration")]
public sealed class LegacyPasswordSignInTests : IAsyncLifetime
{
    private const string Upn = "alice@contoso.com";
    private const string LegacyPassword = "x";

    private readonly string _root = System.IO.Directory.CreateTempSubdirectory("idpfed-legacy-").FullName;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        var settings = DirectoryDatabaseFixture.BaseSettings(Path.Combine(_root, "data"), connectionString: null);
        var services = new ServiceCollection();
        services.AddIdpOptions(new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), Path.Combine(_root, "config"));
        services.AddIdpDirectory();
        services.AddIdpCore();
        _services = services.BuildServiceProvider(validateScopes: true);
        await _services.GetRequiredService<DirectoryDatabaseInitializer>().MigrateAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        System.IO.Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task A_password_stored_before_the_policy_still_signs_in_and_is_upgraded()
    {
        var directory = _services.GetRequiredService<IUserDirectory>();
        await directory.CreateAsync(new NewUser { UserPrincipalName = Upn });
        // A row as an older release left it: a one-character password, hashed with fewer iterations than configured.
        await StoreHashAsync(new Pbkdf2PasswordHasher(1_000).Hash(LegacyPassword));
        var authenticator = _services.GetRequiredService<PasswordAuthenticator>();

        var first = await authenticator.AuthenticateAsync(Upn, LegacyPassword);
        var upgraded = (await directory.FindByUpnAsync(Upn))!.PasswordHash!;
        var second = await authenticator.AuthenticateAsync(Upn, LegacyPassword);

        Assert.Equal(PasswordAuthenticationOutcome.Success, first.Outcome);
        Assert.Equal($"{DirectoryDatabaseFixture.TestIterations}", upgraded.Split('$')[1]);
        Assert.Equal(PasswordAuthenticationOutcome.Success, second.Outcome);
        var refused = await Assert.ThrowsAsync<DirectoryException>(() => directory.SetPasswordAsync(Upn, LegacyPassword));
        Assert.Equal(DirectoryError.PasswordRejected, refused.Error);
        Assert.Equal(upgraded, (await directory.FindByUpnAsync(Upn))!.PasswordHash);
    }

    private async Task StoreHashAsync(string hash)
    {
        await using var context = _services.GetRequiredService<IdpDbContextFactory>().CreateDbContext();
        Assert.Equal(1, await context.Users.Where(u => u.UserPrincipalName == Upn).ExecuteUpdateAsync(s => s.SetProperty(u => u.PasswordHash, hash)));
    }
}
