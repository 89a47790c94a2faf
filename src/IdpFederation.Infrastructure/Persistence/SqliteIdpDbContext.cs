using Microsoft.EntityFrameworkCore;

namespace IdpFederation.Infrastructure.Persistence;

/// <summary>The single-node default; migrations live in Persistence/Migrations/Sqlite.</summary>
public sealed class SqliteIdpDbContext : IdpDbContext
{
    public SqliteIdpDbContext(DbContextOptions<SqliteIdpDbContext> options) : base(options)
    {
    }
}
