using Microsoft.Data.Sqlite;

namespace IdpFederation.Tests.Directory;

/// <summary>The default deployment: an empty Idp:Database:ConnectionString, so a real SQLite file in the temp data directory.</summary>
public sealed class SqliteDatabaseFixture : DirectoryDatabaseFixture
{
    public string DatabaseFile => Path.Combine(DataDirectory, "idpfederation.db");

    protected override Task<string?> CreateDatabaseAsync() => Task.FromResult<string?>(null);

    protected override Task DropDatabaseAsync()
    {
        // Pooled connections keep the file open; release them before the temp folder is deleted.
        SqliteConnection.ClearAllPools();
        return Task.CompletedTask;
    }
}
