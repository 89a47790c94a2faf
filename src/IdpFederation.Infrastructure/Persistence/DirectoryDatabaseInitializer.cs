using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace IdpFederation.Infrastructure.Persistence;

/// <summary>Brings the directory database to the current schema; the server and the CLI call it once at start-up.</summary>
public sealed class DirectoryDatabaseInitializer
{
    private readonly IdpDbContextFactory _contexts;
    private readonly ILogger<DirectoryDatabaseInitializer> _logger;

    public DirectoryDatabaseInitializer(IdpDbContextFactory contexts, ILogger<DirectoryDatabaseInitializer> logger)
    {
        _contexts = contexts;
        _logger = logger;
    }

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        PersistenceLog.UsingDatabase(_logger, _contexts.Connection);
        var file = _contexts.Connection.SqliteFile;
        var created = false;
        if (file is not null)
        {
            CreateDirectory(Path.GetDirectoryName(file)!);
            created = !File.Exists(file);
        }

        await using (var context = _contexts.CreateDbContext())
        {
            var pending = (await context.Database.GetPendingMigrationsAsync(cancellationToken).ConfigureAwait(false)).ToList();
            if (pending.Count > 0)
            {
                PersistenceLog.ApplyingMigrations(_logger, pending.Count, pending);
                await context.Database.MigrateAsync(cancellationToken).ConfigureAwait(false);
            }

            if (file is not null)
            {
                // WAL lets sign-ins read while the CLI writes; the mode is stored in the file, so setting it once suffices.
                await context.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken).ConfigureAwait(false);
            }
        }

        if (created && file is not null && !OperatingSystem.IsWindows())
        {
            // The file holds password hashes: readable by the service account only.
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    private static void CreateDirectory(string directory)
    {
        if (Directory.Exists(directory))
        {
            return;
        }

        // A data directory we create ourselves is private: it also receives signing keys and the Data Protection ring.
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    /// <summary>Migrations the code knows of that the database has not applied; empty after <see cref="MigrateAsync"/>.</summary>
    public async Task<IReadOnlyList<string>> GetPendingMigrationsAsync(CancellationToken cancellationToken)
    {
        await using var context = _contexts.CreateDbContext();
        return (await context.Database.GetPendingMigrationsAsync(cancellationToken).ConfigureAwait(false)).ToList();
    }

    /// <summary>Migrations recorded as applied in the database's history table.</summary>
    public async Task<IReadOnlyList<string>> GetAppliedMigrationsAsync(CancellationToken cancellationToken)
    {
        await using var context = _contexts.CreateDbContext();
        return (await context.Database.GetAppliedMigrationsAsync(cancellationToken).ConfigureAwait(false)).ToList();
    }
}
