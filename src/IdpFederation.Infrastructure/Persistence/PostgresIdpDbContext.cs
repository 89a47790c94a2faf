using Microsoft.EntityFrameworkCore;

namespace IdpFederation.Infrastructure.Persistence;

/// <summary>The shared store for several nodes; migrations live in Persistence/Migrations/Postgres.</summary>
public sealed class PostgresIdpDbContext : IdpDbContext
{
    public PostgresIdpDbContext(DbContextOptions<PostgresIdpDbContext> options) : base(options)
    {
    }
}
