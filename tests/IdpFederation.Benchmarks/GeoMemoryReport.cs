using System.Diagnostics;
using IdpFederation.Infrastructure.Geo;

namespace IdpFederation.Benchmarks;

/// <summary>
/// One cold load in a fresh process, as at server start-up: wall time, the table's own size, managed heap growth
/// after a full collection, and the process working-set growth.
/// </summary>
public static class GeoMemoryReport
{
    public static void Run()
    {
        var files = GeoFiles.Find();
        using var process = Process.GetCurrentProcess();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        process.Refresh();
        var workingSetBefore = process.WorkingSet64;
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);

        var clock = Stopwatch.StartNew();
        var database = CsvCountryDatabase.Load(files);
        var wall = clock.Elapsed;

        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        var heapAfter = GC.GetTotalMemory(forceFullCollection: true);
        process.Refresh();
        var workingSetAfter = process.WorkingSet64;
        var peak = process.PeakWorkingSet64;

        Console.WriteLine($"files:                  {string.Join(", ", files)}");
        Console.WriteLine($"ranges:                 {database.RangeCount:N0}");
        Console.WriteLine($"cold load (wall):       {wall.TotalMilliseconds:F0} ms (LoadTime {database.LoadTime.TotalMilliseconds:F0} ms)");
        Console.WriteLine($"ApproximateBytes:       {database.ApproximateBytes / 1048576.0:F1} MiB");
        Console.WriteLine($"managed heap delta:     {(heapAfter - heapBefore) / 1048576.0:F1} MiB (after full GC)");
        Console.WriteLine($"working set delta:      {(workingSetAfter - workingSetBefore) / 1048576.0:F1} MiB (after full GC; peak working set {peak / 1048576.0:F0} MiB)");
        GC.KeepAlive(database);
    }
}
