using IdpFederation.Core.Tokens.Rollover;
using IdpFederation.Infrastructure.Certificates.Rollover;
using IdpFederation.Infrastructure.Persistence;
using IdpFederation.Tests.Directory;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace IdpFederation.Tests.Federation.Rollover;

/// <summary>
/// The managed certificates table on each engine: one Next and one Current at a time, promotion as one switch that
/// only one of two racing promoters wins, and keys that come back with their private key.
/// </summary>
public abstract class SigningCertificateStoreTests<TFixture> : IClassFixture<TFixture> where TFixture : DirectoryDatabaseFixture
{
    private readonly EfSigningCertificateStore _store;

    protected SigningCertificateStoreTests(TFixture fixture)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        _store = new EfSigningCertificateStore(fixture.Services.GetRequiredService<IdpDbContextFactory>(),
            new SigningKeyProtector(new EphemeralDataProtectionProvider()), TimeProvider.System);
    }

    private static System.Security.Cryptography.X509Certificates.X509Certificate2 NewCertificate() =>
        SigningCertificateGenerator.Create("https://sts.contoso.com", DateTimeOffset.UtcNow, 365, 2048);

    [DatabaseFact]
    public async Task Next_current_and_retired_follow_the_rollover_rules()
    {
        using var first = NewCertificate();
        using var second = NewCertificate();
        using var third = NewCertificate();
        await _store.AddNextAsync(first, "alice", replace: false, CancellationToken.None);
        await Assert.ThrowsAsync<SigningCertificateConflictException>(() => _store.AddNextAsync(second, "alice", replace: false, CancellationToken.None));

        // Two promoters race for the same Next: exactly one switches, the other changes nothing.
        var racing = await Task.WhenAll(
            _store.PromoteAsync(first.Thumbprint, DateTimeOffset.UtcNow, CancellationToken.None),
            _store.PromoteAsync(first.Thumbprint, DateTimeOffset.UtcNow, CancellationToken.None));
        Assert.Single(racing, won => won);

        await _store.AddNextAsync(second, "bob", replace: false, CancellationToken.None);
        await _store.AddNextAsync(third, "bob", replace: true, CancellationToken.None);
        Assert.True(await _store.PromoteAsync(third.Thumbprint, DateTimeOffset.UtcNow, CancellationToken.None));

        var rows = (await _store.ListAsync(CancellationToken.None)).ToDictionary(r => r.Thumbprint);
        Assert.Equal(SigningCertificateState.Current, rows[third.Thumbprint].State);
        Assert.Equal(SigningCertificateState.Retired, rows[first.Thumbprint].State);
        Assert.NotNull(rows[first.Thumbprint].PromotedAt);
        Assert.Equal(SigningCertificateState.Retired, rows[second.Thumbprint].State);
        Assert.Null(rows[second.Thumbprint].PromotedAt);
        Assert.Equal("bob", rows[third.Thumbprint].CreatedBy);

        using var loaded = await _store.LoadAsync(third.Thumbprint, CancellationToken.None);
        Assert.True(loaded!.HasPrivateKey);
        Assert.Equal(third.Thumbprint, loaded.Thumbprint);
    }
}

[Trait("Kind", "Integration")]
public sealed class SqliteSigningCertificateStoreTests(SqliteDatabaseFixture fixture) : SigningCertificateStoreTests<SqliteDatabaseFixture>(fixture);

[Trait("Kind", "Integration")]
public sealed class PostgresSigningCertificateStoreTests(PostgresDatabaseFixture fixture)
    : SigningCertificateStoreTests<PostgresDatabaseFixture>(fixture), IRequiresPostgres;
