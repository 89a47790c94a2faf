using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace IdpFederation.Infrastructure.Persistence.DesignTime;

/// <summary>
/// Lets dotnet-ef build the PostgreSQL model without a server (adding a migration never connects). Regenerate with
/// --context PostgresIdpDbContext --output-dir Persistence/Migrations/Postgres
/// --namespace IdpFederation.Infrastructure.Persistence.Migrations.Postgres
/// </summary>
internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresIdpDbContext>
{
    public PostgresIdpDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresIdpDbContext>().UseNpgsql("Host=localhost;Database=idpfederation").Options);
}
