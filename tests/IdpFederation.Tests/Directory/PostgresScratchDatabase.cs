using System.Security.Cryptography;
using Npgsql;

namespace IdpFederation.Tests.Directory;

/// <summary>
/// An empty, unmigrated database on the IDPFED_TEST_POSTGRES server, for tests that must control which migrations
/// run (PostgresDatabaseFixture always migrates to the latest).
/// </summary>
public sealed class PostgresScratchDatabase
{
    private NpgsqlConnectionStringBuilder? _server;
    private string? _name;

    public async Task<string> CreateAsync()
    {
        _server = new NpgsqlConnectionStringBuilder(PostgresTestEnvironment.RequireConnectionString());
        var prefix = string.IsNullOrEmpty(_server.Database) ? "idpfed_test" : _server.Database;
        _name = $"{prefix}_{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}";
        await ExecuteOnServerAsync($"CREATE DATABASE \"{_name}\"");
        return new NpgsqlConnectionStringBuilder(_server.ConnectionString) { Database = _name }.ConnectionString;
    }

    public async Task DropAsync()
    {
        if (_name is null)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        await ExecuteOnServerAsync($"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)");
    }

    private async Task ExecuteOnServerAsync(string sql)
    {
        var admin = new NpgsqlConnectionStringBuilder(_server!.ConnectionString) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(admin.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
