using System.Numerics;

namespace IdpFederation.Infrastructure.Geo;

/// <summary>
/// Non-overlapping ranges sorted by start, searched by binary search. Country codes are packed into two bytes so a
/// full IPv4 + IPv6 table (about 550,000 ranges) fits in a few megabytes.
/// </summary>
/// <remarks>
/// Published files do overlap: release 2.3.2026061719 of geo-whois-asn-country has 639 IPv4 and 93 IPv6 ranges that
/// overlap another (nested, sharing a start, or crossing). Where they do, the range read last wins, which is how the
/// .mmdb of the same release answers (checked at every boundary of every overlap in that release, and by
/// PublishedCsvMmdbAgreementTests). Searching the raw ranges instead answered by whichever overlapping range the sort
/// put last, and "no country" for the rest of an outer range after a nested one.
/// </remarks>
internal sealed class CountryRangeTable<T> where T : struct, IBinaryInteger<T>
{
    private readonly T[] _starts;
    private readonly T[] _ends;
    private readonly ushort[] _countries;

    /// <param name="ranges">In the order they were read; later ones win where they overlap.</param>
    public CountryRangeTable(List<(T Start, T End, ushort Country)> ranges)
    {
        var flat = CountryRangeOverlaps.Flatten(ranges);
        _starts = new T[flat.Count];
        _ends = new T[flat.Count];
        _countries = new ushort[flat.Count];
        for (var i = 0; i < flat.Count; i++)
        {
            (_starts[i], _ends[i], _countries[i]) = flat[i];
        }
    }

    public int Count => _starts.Length;

    public long ApproximateBytes => (long)_starts.Length * ((2 * System.Runtime.CompilerServices.Unsafe.SizeOf<T>()) + sizeof(ushort));

    public ushort Find(T address)
    {
        // The last range starting at or before the address; it matches if it also ends at or after it.
        var index = Array.BinarySearch(_starts, address);
        if (index < 0)
        {
            index = ~index - 1;
        }

        return index >= 0 && address <= _ends[index] ? _countries[index] : (ushort)0;
    }
}
