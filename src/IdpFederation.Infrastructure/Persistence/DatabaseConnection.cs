using System.Data.Common;
using IdpFederation.Core.Configuration;
using IdpFederation.Infrastructure.Configuration;
using Microsoft.Data.Sqlite;

namespace IdpFederation.Infrastructure.Persistence;

public enum DatabaseProvider
{
    Sqlite,
    PostgreSql,
}

/// <summary>Which engine the directory uses and how to reach it, decided once from Idp:Database:ConnectionString.</summary>
public sealed record DatabaseConnection(DatabaseProvider Provider, string ConnectionString)
{
    public const string DefaultSqliteFileName = "idpfederation.db";

    /// <summary>
    /// Empty selects SQLite in the data directory; "Host=" selects PostgreSQL; "Data Source=" selects SQLite, with a
    /// relative file resolved against the data directory so the server and the CLI open the same file.
    /// </summary>
    public static DatabaseConnection Resolve(DatabaseOptions options, IdpPaths paths)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(paths);
        var configured = options.ConnectionString;
        if (string.IsNullOrWhiteSpace(configured))
        {
            return Sqlite(Path.Combine(paths.DataDirectory, DefaultSqliteFileName));
        }

        var keys = new DbConnectionStringBuilder();
        try
        {
            keys.ConnectionString = configured;
        }
        catch (ArgumentException)
        {
            // The message of the parser's exception echoes the string, which may hold a password.
            throw new InvalidOperationException("Idp:Database:ConnectionString is not a valid connection string.");
        }

        if (keys.ContainsKey("Host"))
        {
            return new DatabaseConnection(DatabaseProvider.PostgreSql, configured);
        }

        if (keys.ContainsKey("Data Source"))
        {
            var sqlite = new SqliteConnectionStringBuilder(configured);
            var file = sqlite.DataSource;
            if (!string.Equals(file, ":memory:", StringComparison.Ordinal) && !Path.IsPathRooted(file))
            {
                sqlite.DataSource = Path.GetFullPath(Path.Combine(paths.DataDirectory, file));
            }

            return new DatabaseConnection(DatabaseProvider.Sqlite, sqlite.ConnectionString);
        }

        throw new InvalidOperationException(
            "Idp:Database:ConnectionString must contain \"Host=\" (PostgreSQL) or \"Data Source=\" (SQLite), or be empty for the default SQLite file.");
    }

    public static DatabaseConnection Sqlite(string file) =>
        new(DatabaseProvider.Sqlite, new SqliteConnectionStringBuilder { DataSource = Path.GetFullPath(file) }.ConnectionString);

    /// <summary>The database file when the provider is SQLite and the database is not in memory.</summary>
    public string? SqliteFile
    {
        get
        {
            if (Provider != DatabaseProvider.Sqlite)
            {
                return null;
            }

            var file = new SqliteConnectionStringBuilder(ConnectionString).DataSource;
            return string.IsNullOrEmpty(file) || file == ":memory:" ? null : file;
        }
    }

    /// <summary>Never prints the connection string itself: it may carry a password.</summary>
    public override string ToString() => SqliteFile is { } file ? $"SQLite ({file})" : Provider.ToString();
}
