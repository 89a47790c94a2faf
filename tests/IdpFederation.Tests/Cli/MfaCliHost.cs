using IdpFederation.Core.Mfa;
using IdpFederation.Infrastructure.Configuration;
using IdpFederation.Infrastructure.Persistence;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace IdpFederation.Tests.Cli;

/// <summary>Seeds and reads MFA enrolments in a <see cref="CliTestHost"/>'s database through the production services.</summary>
internal static class MfaCliHost
{
    public static async Task<T> WithMfaStoreAsync<T>(this CliTestHost cli, Func<IMfaEnrollmentStore, Task<T>> use)
    {
        var configuration = new ConfigurationBuilder().AddJsonFile(Path.Combine(cli.ConfigDirectory, IdpPaths.MainConfigFile)).Build();
        var services = new ServiceCollection();
        services.AddIdpOptions(configuration, cli.ConfigDirectory);
        services.AddIdpDirectory();
        await using var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<DirectoryDatabaseInitializer>().MigrateAsync(CancellationToken.None);
        return await use(provider.GetRequiredService<IMfaEnrollmentStore>());
    }

    /// <summary>Adds the user through the CLI and enrols them with the given recovery code hashes.</summary>
    public static async Task<Guid> AddEnrolledUserAsync(this CliTestHost cli, string upn, DateTimeOffset? confirmedAt, params string[] codeHashes)
    {
        (await cli.RunAsync("user", "add", upn)).Succeeded();
        var id = Guid.Parse((string)(await cli.RunAsync("user", "show", upn, "--json")).Succeeded().Json["id"]!);
        await cli.WithMfaStoreAsync(async store =>
        {
            await store.SaveAsync(new MfaEnrollment(id, "protected-seed", new DateTimeOffset(2026, 11, 1, 9, 0, 0, TimeSpan.Zero), confirmedAt, codeHashes));
            return true;
        });
        return id;
    }
}
