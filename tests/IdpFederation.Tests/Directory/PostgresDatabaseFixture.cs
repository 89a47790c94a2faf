using System.Security.Cryptography;
using Npgsql;

namespace IdpFederation.Tests.Directory;

/// <summary>
/// A fresh database named &lt;Database from IDPFED_TEST_POSTGRES, default idpfed_test&gt;_&lt;random&gt;, created on the
/// server from IDPFED_TEST_POSTGRES and dropped on dispose.
/// </summary>
public sealed class PostgresDatabaseFixture : DirectoryDatabaseFixture
{
    private NpgsqlConnectionStringBuilder? _server;

    public string? DatabaseName { get; private set; }

    protected override async Task<string?> CreateDatabaseAsync()
    {
        _server = new NpgsqlConnectionStringBuilder(PostgresTestEnvironment.RequireConnectionString());
        var prefix = string.IsNullOrEmpty(_server.Database) ? "idpfed_test" : _server.Database;
        DatabaseName = $"{prefix}_{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}";
        await ExecuteOnServerAsync($"CREATE DATABASE \"{DatabaseName}\"");
        return new NpgsqlConnectionStringBuilder(_server.ConnectionString) { Database = DatabaseName }.ConnectionString;
    }

    protected override async Task DropDatabaseAsync()
    {
        if (DatabaseName is null)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        await ExecuteOnServerAsync($"DROP DATABASE IF EXISTS \"{DatabaseName}\" WITH (FORCE)");
    }

    private async Task ExecuteOnServerAsync(string sql)
    {
        // Create and drop from the maintenance database: a database cannot drop itself.
        var admin = new NpgsqlConnectionStringBuilder(_server!.ConnectionString) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(admin.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
