using System.Net;
using BenchmarkDotNet.Attributes;
using IdpFederation.Infrastructure.Geo;

namespace IdpFederation.Benchmarks;

/// <summary>Country look-ups in the full published database (about 550,000 ranges), over addresses spread across the space.</summary>
[MemoryDiagnoser]
public class CountryLookupBenchmarks
{
    private const int Addresses = 1024;
    private CsvCountryDatabase _database = null!;
    private IPAddress[] _ipv4 = null!;
    private IPAddress[] _ipv6 = null!;
    private IPAddress[] _mapped = null!;

    [GlobalSetup]
    public void Setup()
    {
        _database = CsvCountryDatabase.Load(GeoFiles.Find());
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

    [Benchmark(OperationsPerInvoke = Addresses, Baseline = true, Description = "IPv4 lookup")]
    public int Ipv4() => Count(_ipv4);

    [Benchmark(OperationsPerInvoke = Addresses, Description = "IPv6 lookup")]
    public int Ipv6() => Count(_ipv6);

    [Benchmark(OperationsPerInvoke = Addresses, Description = "IPv4-mapped IPv6 lookup")]
    public int Mapped() => Count(_mapped);

    private int Count(IPAddress[] addresses)
    {
        var found = 0;
        foreach (var address in addresses)
        {
            if (_database.Lookup(address) is not null)
            {
                found++;
            }
        }

        return found;
    }
}

/// <summary>Loading both published files into the sorted arrays, as the server does at start-up.</summary>
[MemoryDiagnoser]
public class CountryLoadBenchmarks
{
    private string[] _files = null!;

    [GlobalSetup]
    public void Setup() => _files = GeoFiles.Find();

    [Benchmark(Description = "load IPv4 + IPv6 CSV")]
    public int Load() => CsvCountryDatabase.Load(_files).RangeCount;
}
