using System.Diagnostics;
using System.Globalization;
using System.Net;
using IdpFederation.Core.Networks;
using IdpFederation.Infrastructure.Geo;

namespace IdpFederation.Benchmarks;

/// <summary>
/// Resident memory and lookup rate of each country database format, each in a fresh process, as at server start-up.
/// Resident memory is read from /proc/self/status (Linux): VmRSS, split into RssAnon (private memory: the CSV's arrays,
/// the runtime) and RssFile (file pages mapped in: the mmdb's, shared with the OS page cache and every other process
/// mapping the file, and reclaimable). The reference is the process's own figures just before the load, after the
/// runtime has started and the loader's code has been compiled on a tiny file.
/// Usage: geo-memory            runs csv, then mmdb, each in a child process of this program
///        geo-memory csv|mmdb   measures one format in this process
/// </summary>
public static class GeoMemoryReport
{
    private const int Lookups = 1_000_000;

    // 65,536 addresses, each looked up 16 times: a small array, so the reference does not hide a large one.
    private const int Distinct = 65_536;

    public static void Run(string[] args)
    {
        if (args.Length == 0)
        {
            foreach (var format in new[] { "csv", "mmdb" })
            {
                RunChild(format);
            }

            return;
        }

        Measure(args[0]);
    }

    private static void RunChild(string format)
    {
        var self = Environment.ProcessPath!;
        var start = new ProcessStartInfo(self) { UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            // Started as "dotnet IdpFederation.Benchmarks.dll": the child needs the assembly too.
            start.ArgumentList.Add(typeof(GeoMemoryReport).Assembly.Location);
        }

        start.ArgumentList.Add("geo-memory");
        start.ArgumentList.Add(format);
        using var child = Process.Start(start)!;
        child.WaitForExit();
        if (child.ExitCode != 0)
        {
            throw new InvalidOperationException($"geo-memory {format} exited with {child.ExitCode}");
        }
    }

    private static void Measure(string format)
    {
        var files = GeoFiles.Find(format);
        var addresses = Addresses();
        Warm(format, files);
        var before = Snapshot();

        var clock = Stopwatch.StartNew();
        ICountryLookup database = format == "csv" ? CsvCountryDatabase.Load(files) : MmdbCountryDatabase.Open(files[0]);
        var load = clock.Elapsed;
        var loaded = Snapshot();

        clock.Restart();
        var found = 0;
        for (var i = 0; i < Lookups; i++)
        {
            found += database.Lookup(addresses[i % Distinct]) is null ? 0 : 1;
        }

        var elapsed = clock.Elapsed;
        var swept = Snapshot();

        Console.WriteLine($"== {format}: {string.Join(", ", files.Select(f => $"{f} ({new FileInfo(f).Length / 1048576.0:F1} MiB)"))}");
        Console.WriteLine($"load (wall):                {load.TotalMilliseconds:F0} ms; GC: {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")}, {Environment.ProcessorCount} cores");
        Console.WriteLine(before.Line("before load (reference)"));
        Console.WriteLine(loaded.Line("after load") + "   " + loaded.Delta(before));
        Console.WriteLine(swept.Line($"after {Lookups:N0} lookups") + "   " + swept.Delta(before));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"lookups:                    {Lookups / elapsed.TotalSeconds:N0}/s on one thread ({found:N0} of {Lookups:N0} had a country; {Distinct:N0} addresses, half IPv4, half IPv6 in 2000::/3)"));
        GC.KeepAlive(database);
        GC.KeepAlive(addresses);
    }

    /// <summary>
    /// Compiles the load and lookup paths first, so the reference excludes JIT work: the CSV reader on a one-line file;
    /// the mmdb reader on the file itself, opened and closed again (closing unmaps its pages, so RssFile starts over).
    /// </summary>
    private static void Warm(string format, string[] files)
    {
        if (format == "mmdb")
        {
            using var mmdb = MmdbCountryDatabase.Open(files[0]);
            mmdb.Lookup(IPAddress.Parse("8.8.8.8"));
            mmdb.Lookup(IPAddress.Parse("2001:4860::1"));
            return;
        }

        var path = Path.Combine(Path.GetTempPath(), $"idpfed-geo-warm-{Environment.ProcessId}.csv");
        File.WriteAllText(path, "8.8.8.0,8.8.8.255,US\n");
        try
        {
            CsvCountryDatabase.Load([path]).Lookup(IPAddress.Parse("8.8.8.8"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static IPAddress[] Addresses()
    {
        var random = new Random(20261122);
        return Enumerable.Range(0, Distinct).Select(i =>
        {
            if (i % 2 == 0)
            {
                return new IPAddress(BitConverter.GetBytes((uint)random.NextInt64(0x01000000, 0xDFFFFFFF)).Reverse().ToArray());
            }

            var bytes = new byte[16];
            random.NextBytes(bytes);
            bytes[0] = (byte)(0x20 | (bytes[0] & 0x0F));
            return new IPAddress(bytes);
        }).ToArray();
    }

    private static Memory Snapshot()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        var heap = GC.GetTotalMemory(forceFullCollection: true);
        var status = File.ReadAllLines("/proc/self/status")
            .Select(l => l.Split(':', 2))
            .Where(p => p.Length == 2 && p[1].TrimEnd().EndsWith("kB", StringComparison.Ordinal))
            .ToDictionary(p => p[0], p => long.Parse(p[1].Trim()[..^2].Trim(), CultureInfo.InvariantCulture) * 1024, StringComparer.Ordinal);
        return new Memory(status["VmRSS"], status["RssAnon"], status["RssFile"] + status.GetValueOrDefault("RssShmem"), heap,
            GC.GetGCMemoryInfo().TotalCommittedBytes);
    }

    /// <param name="Committed">What the GC keeps committed: allocation-heavy lookups grow it (gen0 budget) although the live heap stays small.</param>
    private sealed record Memory(long Rss, long Anon, long File, long Heap, long Committed)
    {
        public string Line(string label) => string.Create(CultureInfo.InvariantCulture,
            $"{label + ":",-27} VmRSS {Mib(Rss)}, RssAnon {Mib(Anon)}, RssFile {Mib(File)}, managed heap {Mib(Heap)} live / {Mib(Committed)} committed");

        public string Delta(Memory reference) => string.Create(CultureInfo.InvariantCulture,
            $"(+{Mib(Rss - reference.Rss)} RSS: +{Mib(Anon - reference.Anon)} anon, +{Mib(File - reference.File)} file)");

        private static string Mib(long bytes) => (bytes / 1048576.0).ToString("F1", CultureInfo.InvariantCulture) + " MiB";
    }
}
