using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace IdpFederation.Infrastructure.Persistence.DesignTime;

/// <summary>
/// Lets dotnet-ef build the SQLite model without the host. Regenerate with a start-up project that references
/// Microsoft.EntityFrameworkCore.Design: dotnet ef migrations add NAME --context SqliteIdpDbContext
/// --output-dir Persistence/Migrations/Sqlite --namespace IdpFederation.Infrastructure.Persistence.Migrations.Sqlite
/// </summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteIdpDbContext>
{
    public SqliteIdpDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteIdpDbContext>().UseSqlite("Data Source=design-time.db").Options);
}
