using System.Net;
using IdpFederation.Core.Networks;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.FileProviders.Physical;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;

namespace IdpFederation.Infrastructure.Geo;

/// <summary>
/// The configured country database, CSV or mmdb, reloaded when one of its files is replaced. Update tools write a
/// temporary file and rename it over the old one, so the watch is on each file's directory (a watch on the file
/// itself would follow the old inode). After a short settle time every file is loaded again; the new set is swapped
/// in atomically and the old one is disposed when its last lookup ends (CountedCountryDatabase). A reload that fails
/// keeps the database in force and logs why; at start-up there is nothing to fall back on, so the constructor throws.
/// </summary>
public sealed partial class ReloadingCountryLookup : ICountryLookup, IDisposable
{
    private readonly string[] _paths;
    private readonly ILogger _logger;
    private readonly TimeSpan _settle;
    private readonly Lock _reloadLock = new();
    private readonly List<IDisposable> _watches = [];
    private readonly Timer _debounce;
    private volatile CountedCountryDatabase _current;
    private volatile string? _lastReloadError;
    private int _generation;
    private bool _disposed;

    /// <exception cref="InvalidDataException">A file is missing or unusable; the message names it and what is wrong.</exception>
    public ReloadingCountryLookup(IEnumerable<string> paths, ILogger<ReloadingCountryLookup> logger, TimeSpan? settle = null)
    {
        ArgumentNullException.ThrowIfNull(paths);
        _paths = paths.Select(Path.GetFullPath).ToArray();
        _logger = logger;
        // Long enough for a tool that writes in place, or renames several files one after another, to finish.
        _settle = settle ?? TimeSpan.FromMilliseconds(500);
        _current = new CountedCountryDatabase(CountryDatabaseSet.Load(_paths));
        _debounce = new Timer(_ => Reload(), null, Timeout.Infinite, Timeout.Infinite);
        try
        {
            Watch();
        }
        catch
        {
            // Out of inotify instances, say: unmap what was loaded before start-up reports it.
            Dispose();
            throw;
        }
    }

    public bool IsAvailable => true;

    /// <summary>How many reloads have been applied since start-up.</summary>
    public int Generation => Volatile.Read(ref _generation);

    /// <summary>Why the latest reload was refused, or null when the files on disk are the database in force.</summary>
    public string? LastReloadError => _lastReloadError;

    public string Description => _current.Database.Description;

    public string? Lookup(IPAddress address)
    {
        while (true)
        {
            var current = _current;
            if (current.TryAcquire())
            {
                try
                {
                    return current.Database.Lookup(address);
                }
                finally
                {
                    current.Release();
                }
            }

            // Released between the read and the acquire: a reload swapped in a newer one, unless we are shutting down.
            ObjectDisposedException.ThrowIf(ReferenceEquals(current, _current), this);
        }
    }

    /// <summary>Loads every file again now; also what the file watch calls after the settle time.</summary>
    public void Reload()
    {
        lock (_reloadLock)
        {
            if (_disposed)
            {
                return;
            }

            CountryDatabaseSet next;
            try
            {
                next = CountryDatabaseSet.Load(_paths);
            }
            catch (Exception ex)
            {
                // Runs on a timer thread: whatever a new file does to a reader, the server keeps the database in force.
                var reason = ex is InvalidDataException ? ex.Message : $"{ex.GetType().Name}: {ex.Message}";
                LogReloadRefused(reason);
                _lastReloadError = reason;
                return;
            }

            // Bookkeeping first, the swap last (nothing can fail in between): whoever sees the new database also sees
            // the refusal cleared, the generation counted and the reload logged.
            _lastReloadError = null;
            Interlocked.Increment(ref _generation);
            LogReloaded(next.Description);
            var previous = Interlocked.Exchange(ref _current, new CountedCountryDatabase(next));
            previous.Release();
        }
    }

    public void Dispose()
    {
        lock (_reloadLock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _debounce.Dispose();
            _watches.ForEach(w => w.Dispose());
            _current.Release();
        }
    }

    private void Watch()
    {
        foreach (var directory in _paths.GroupBy(p => Path.GetDirectoryName(p)!))
        {
            // ExclusionFilters.None: the default hides dot-files, and a config directory may sit under one.
            var files = new PhysicalFileProvider(directory.Key, ExclusionFilters.None) { UsePollingFileWatcher = false };
            _watches.Add(files);
            foreach (var path in directory)
            {
                _watches.Add(ChangeToken.OnChange(() => files.Watch(Path.GetFileName(path)), ScheduleReload));
            }
        }
    }

    // Watchers report one rename as several events, and a tool may replace the IPv4 and IPv6 files one after another:
    // each event pushes the reload back, so one load follows the whole update.
    private void ScheduleReload()
    {
        try
        {
            _debounce.Change(_settle, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // Shutting down.
        }
    }

    [LoggerMessage(EventId = 2203, Level = LogLevel.Information, Message = "Country database reloaded: {Files}")]
    private partial void LogReloaded(string files);

    [LoggerMessage(EventId = 2204, Level = LogLevel.Warning, Message = "Country database reload refused; the previous database stays in force: {Error}")]
    private partial void LogReloadRefused(string error);
}
