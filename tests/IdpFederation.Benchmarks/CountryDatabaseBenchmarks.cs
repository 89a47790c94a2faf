using System.Net;
using BenchmarkDotNet.Attributes;
using IdpFederation.Core.Networks;
using IdpFederation.Infrastructure.Geo;
using Microsoft.Extensions.Logging.Abstractions;

namespace IdpFederation.Benchmarks;

/// <summary>
/// Country look-ups in the full published database of one release, as CSV (about 550,000 ranges in sorted arrays) and
/// as mmdb (MaxMind.Db, memory-mapped), over addresses spread across the space. Each goes through
/// ReloadingCountryLookup as in the server (one reference-count acquire and release per lookup); "reader only" is the
/// bare reader, so the difference is the holder's cost. Lookups per second = 1e9 / Mean (ns).
/// </summary>
[MemoryDiagnoser]
public class CountryLookupBenchmarks
{
    private const int Addresses = 1024;
    private ReloadingCountryLookup _database = null!;
    private ICountryLookup _reader = null!;
    private IPAddress[] _ipv4 = null!;
    private IPAddress[] _ipv6 = null!;
    private IPAddress[] _mapped = null!;

    [Params("csv", "mmdb")]
    public string Format { get; set; } = "csv";

    [GlobalSetup]
    public void Setup()
    {
        var files = GeoFiles.Find(Format);
        _database = new ReloadingCountryLookup(files, NullLogger<ReloadingCountryLookup>.Instance);
        _reader = Format == "csv" ? CsvCountryDatabase.Load(files) : MmdbCountryDatabase.Open(files[0]);
        var random = new Random(20261122);
        _ipv4 = Enumerable.Range(0, Addresses).Select(_ => new IPAddress(random.NextInt64(0x01000000, 0xDFFFFFFF) is var v ? BitConverter.GetBytes((uint)v).Reverse().ToArray() : [])).ToArray();
        // IPv6: the allocated 2000::/3 space, where the ranges are.
        _ipv6 = Enumerable.Range(0, Addresses).Select(_ =>
        {
            var bytes = new byte[16];
            random.NextBytes(bytes);
            bytes[0] = (byte)(0x20 | (bytes[0] & 0x0F));
            return new IPAddress(bytes);
        }).ToArray();
        _mapped = _ipv4.Select(a => a.MapToIPv6()).ToArray();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _database.Dispose();
        (_reader as IDisposable)?.Dispose();
    }

    [Benchmark(OperationsPerInvoke = Addresses, Baseline = true, Description = "IPv4 lookup")]
    public int Ipv4() => Count(_database, _ipv4);

    [Benchmark(OperationsPerInvoke = Addresses, Description = "IPv6 lookup")]
    public int Ipv6() => Count(_database, _ipv6);

    [Benchmark(OperationsPerInvoke = Addresses, Description = "IPv4-mapped IPv6 lookup")]
    public int Mapped() => Count(_database, _mapped);

    [Benchmark(OperationsPerInvoke = Addresses, Description = "IPv4 lookup, reader only")]
    public int Ipv4ReaderOnly() => Count(_reader, _ipv4);

    private static int Count(ICountryLookup database, IPAddress[] addresses)
    {
        var found = 0;
        foreach (var address in addresses)
        {
            if (database.Lookup(address) is not null)
            {
                found++;
            }
        }

        return found;
    }
}

/// <summary>
/// What start-up and each reload cost: loading both CSV files into the sorted arrays, or opening the .mmdb (metadata
/// and a layout probe; the data stays in the file and is paged in by lookups).
/// </summary>
[MemoryDiagnoser]
public class CountryLoadBenchmarks
{
    private string[] _csv = null!;
    private string _mmdb = null!;

    [GlobalSetup]
    public void Setup()
    {
        _csv = GeoFiles.Find("csv");
        _mmdb = GeoFiles.Find("mmdb")[0];
    }

    [Benchmark(Baseline = true, Description = "load IPv4 + IPv6 CSV")]
    public int Load() => CsvCountryDatabase.Load(_csv).RangeCount;

    [Benchmark(Description = "open the IPv4 + IPv6 mmdb")]
    public int OpenMmdb()
    {
        using var database = MmdbCountryDatabase.Open(_mmdb);
        return database.Metadata.IPVersion;
    }
}
