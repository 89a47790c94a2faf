using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace IdpFederation.Infrastructure.Persistence;

/// <summary>
/// Hands out a short-lived context per operation from the configured provider's pool, so the directory is safe to use
/// from concurrent requests (a DbContext itself is not thread-safe).
/// </summary>
public sealed class IdpDbContextFactory
{
    private readonly Func<IdpDbContext> _create;

    public IdpDbContextFactory(DatabaseConnection connection, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(connection);
        Connection = connection;
        _create = connection.Provider switch
        {
            DatabaseProvider.Sqlite => services.GetRequiredService<IDbContextFactory<SqliteIdpDbContext>>().CreateDbContext,
            DatabaseProvider.PostgreSql => services.GetRequiredService<IDbContextFactory<PostgresIdpDbContext>>().CreateDbContext,
            _ => throw new InvalidOperationException($"Unsupported database provider {connection.Provider}."),
        };
    }

    public DatabaseConnection Connection { get; }

    public IdpDbContext CreateDbContext() => _create();
}
