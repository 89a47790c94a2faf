using System.Diagnostics;
using System.Net;
using IdpFederation.Infrastructure.Geo;
using IdpFederation.Tests.CoreLayer;
using Microsoft.Extensions.Logging;

namespace IdpFederation.Tests.Geo;

/// <summary>
/// Replacing a database file the way update tools do (write a temporary file, rename it over the old one) reloads it;
/// a bad replacement keeps the database in force and says why; lookups never meet a disposed reader.
/// </summary>
[Trait("Kind", "Integration")]
public sealed class ReloadingCountryLookupTests : IDisposable
{
    // Generous: file watchers and the thread pool are slow on a loaded two-core machine; passing tests wait far less.
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(30);
    private static readonly IPAddress Probe = IPAddress.Parse("8.8.8.8");
    private readonly string _temp = Path.Combine(Path.GetTempPath(), "idpfed-reload-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly ListLogger<ReloadingCountryLookup> _log = new();

    public ReloadingCountryLookupTests() => System.IO.Directory.CreateDirectory(_temp);

    public void Dispose() => System.IO.Directory.Delete(_temp, recursive: true);

    [Fact]
    public async Task An_mmdb_renamed_over_the_old_one_is_loaded()
    {
        var path = Path.Combine(_temp, "countries.mmdb");
        File.WriteAllBytes(path, Mmdb("US"));
        using var lookup = Start(path);
        Assert.Equal("US", lookup.Lookup(Probe));

        ReplaceByRename(path, Mmdb("NZ"));

        await WaitUntilAsync(() => lookup.Lookup(Probe) == "NZ", "the renamed mmdb was not loaded");
        Assert.Null(lookup.LastReloadError);
        Assert.True(lookup.Generation >= 1);
        Assert.Contains(_log.Entries, e => e.EventId.Id == 2203 && e.Level == LogLevel.Information && e.Message.Contains(path, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_csv_renamed_over_the_old_one_is_loaded()
    {
        var path = Path.Combine(_temp, "countries-ipv4.csv");
        File.WriteAllText(path, "8.8.8.0,8.8.8.255,US\n");
        using var lookup = Start(path);
        Assert.Equal("US", lookup.Lookup(Probe));

        ReplaceByRename(path, "8.8.8.0,8.8.8.255,NZ\n"u8.ToArray());

        await WaitUntilAsync(() => lookup.Lookup(Probe) == "NZ", "the renamed CSV was not loaded");
    }

    [Fact]
    public async Task A_corrupt_replacement_keeps_the_database_in_force_until_a_good_one_arrives()
    {
        var path = Path.Combine(_temp, "countries.mmdb");
        File.WriteAllBytes(path, Mmdb("US"));
        using var lookup = Start(path);
        var truncated = Mmdb("NZ");

        ReplaceByRename(path, truncated[..(truncated.Length / 2)]);

        await WaitUntilAsync(() => lookup.LastReloadError is not null, "the corrupt replacement was not reported");
        Assert.Contains($"'{path}' is named .mmdb but has no MaxMind DB metadata marker", lookup.LastReloadError, StringComparison.Ordinal);
        Assert.Contains(_log.Entries, e => e.EventId.Id == 2204 && e.Level == LogLevel.Warning && e.Message.Contains("the previous database stays in force", StringComparison.Ordinal));
        Assert.Equal("US", lookup.Lookup(Probe));

        ReplaceByRename(path, Mmdb("NZ"));

        await WaitUntilAsync(() => lookup.Lookup(Probe) == "NZ", "the good replacement was not loaded");
        Assert.Null(lookup.LastReloadError);
    }

    [Fact]
    public void A_deleted_file_keeps_the_database_in_force()
    {
        var path = Path.Combine(_temp, "countries.mmdb");
        File.WriteAllBytes(path, Mmdb("US"));
        using var lookup = Start(path);

        File.Delete(path);
        lookup.Reload();

        Assert.Equal("US", lookup.Lookup(Probe));
        Assert.Equal($"Idp:Policy:CountryDatabase: '{path}' does not exist (scripts/fetch-geoip.sh downloads it).", lookup.LastReloadError);
    }

    [Fact]
    public void Lookups_running_through_many_reloads_never_meet_a_disposed_reader()
    {
        var path = Path.Combine(_temp, "countries.mmdb");
        File.WriteAllBytes(path, Mmdb("US"));
        using var lookup = Start(path);
        var us = Mmdb("US");
        var nz = Mmdb("NZ");
        using var stop = new CancellationTokenSource();
        var failures = new List<Exception>();
        var lookups = 0L;
        var threads = Enumerable.Range(0, 2).Select(_ => new Thread(() =>
        {
            try
            {
                while (!stop.IsCancellationRequested)
                {
                    var country = lookup.Lookup(Probe);
                    Assert.True(country is "US" or "NZ", $"got {country ?? "no country"}");
                    Interlocked.Increment(ref lookups);
                }
            }
            catch (Exception ex)
            {
                lock (failures)
                {
                    failures.Add(ex);
                }
            }
        })).ToList();
        threads.ForEach(t => t.Start());

        // Each reload maps a new file and unmaps the old one as soon as its last lookup ends.
        for (var i = 0; i < 40; i++)
        {
            ReplaceByRename(path, i % 2 == 0 ? nz : us);
            lookup.Reload();
        }

        stop.Cancel();
        threads.ForEach(t => t.Join());
        Assert.Empty(failures);
        Assert.True(lookup.Generation >= 40);
        Assert.True(Interlocked.Read(ref lookups) > 0);
    }

    [Fact]
    public void After_dispose_a_lookup_is_refused_and_a_reload_does_nothing()
    {
        var path = Path.Combine(_temp, "countries.mmdb");
        File.WriteAllBytes(path, Mmdb("US"));
        var lookup = Start(path);

        lookup.Dispose();
        lookup.Reload();

        Assert.Throws<ObjectDisposedException>(() => lookup.Lookup(Probe));
        Assert.Equal(0, lookup.Generation);
    }

    [Fact]
    public void A_bad_file_at_start_up_is_an_error_naming_it()
    {
        var path = Path.Combine(_temp, "countries.mmdb");
        File.WriteAllText(path, "8.8.8.0,8.8.8.255,US\n");

        var error = Assert.Throws<InvalidDataException>(() => Start(path));

        Assert.Contains($"'{path}' is named .mmdb but has no MaxMind DB metadata marker", error.Message, StringComparison.Ordinal);
    }

    private ReloadingCountryLookup Start(string path) => new([path], _log, settle: TimeSpan.FromMilliseconds(100));

    private static byte[] Mmdb(string country)
    {
        var writer = new MmdbTestWriter();
        writer.AddRange(IPAddress.Parse("8.8.8.0"), IPAddress.Parse("8.8.8.255"), MmdbTestWriter.IpLocationDbRecord(country));
        return writer.Build();
    }

    /// <summary>As scripts/fetch-geoip.sh and geoipupdate do: the whole new file first, then one rename.</summary>
    private static void ReplaceByRename(string path, byte[] content)
    {
        var temporary = Path.Combine(Path.GetDirectoryName(path)!, "." + Path.GetFileName(path) + ".tmp");
        File.WriteAllBytes(temporary, content);
        File.Move(temporary, path, overwrite: true);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string failure)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > Within)
            {
                throw new Xunit.Sdk.XunitException($"{failure} within {Within.TotalSeconds} s");
            }

            await Task.Delay(50);
        }
    }
}
