using IdpFederation.Core.Configuration;
using IdpFederation.Infrastructure.Configuration;
using IdpFederation.Infrastructure.Persistence;

namespace IdpFederation.Tests.Directory;

[Trait("Kind", "Unit")]
public sealed class DatabaseConnectionTests
{
    private static readonly IdpPaths Paths = new("/srv/idp/config", "/srv/idp/data");

    private static DatabaseConnection Resolve(string? connectionString) =>
        DatabaseConnection.Resolve(new DatabaseOptions { ConnectionString = connectionString }, Paths);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Empty_connection_string_selects_sqlite_in_the_data_directory(string? connectionString)
    {
        var connection = Resolve(connectionString);

        Assert.Equal(DatabaseProvider.Sqlite, connection.Provider);
        Assert.Equal("/srv/idp/data/idpfederation.db", connection.SqliteFile);
    }

    [Fact]
    public void Host_selects_postgresql_and_keeps_the_string()
    {
        var connection = Resolve("Host=db.internal;Database=idp;Username=idp;Password=s3cret");

        Assert.Equal(DatabaseProvider.PostgreSql, connection.Provider);
        Assert.Equal("Host=db.internal;Database=idp;Username=idp;Password=s3cret", connection.ConnectionString);
        Assert.Null(connection.SqliteFile);
        Assert.DoesNotContain("s3cret", connection.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Relative_sqlite_file_is_resolved_against_the_data_directory()
    {
        Assert.Equal("/srv/idp/data/custom.db", Resolve("Data Source=custom.db").SqliteFile);
        Assert.Equal("/var/lib/idp.db", Resolve("Data Source=/var/lib/idp.db").SqliteFile);
    }

    [Theory]
    [InlineData("Server=x;Database=y")]
    [InlineData("not a connection string")]
    public void Unrecognised_connection_string_is_refused_without_echoing_it(string connectionString)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Resolve(connectionString));

        Assert.Contains("Idp:Database:ConnectionString", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(connectionString, error.Message, StringComparison.Ordinal);
    }
}
