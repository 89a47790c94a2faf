namespace IdpFederation.Infrastructure.Geo;

/// <summary>
/// Non-overlapping ranges sorted by start, searched by binary search. Country codes are packed into two bytes so a
/// full IPv4 + IPv6 table (about 550,000 ranges) fits in a few megabytes.
/// </summary>
internal sealed class CountryRangeTable<T> where T : struct, IComparable<T>
{
    private readonly T[] _starts;
    private readonly T[] _ends;
    private readonly ushort[] _countries;

    public CountryRangeTable(List<(T Start, T End, ushort Country)> ranges)
    {
        ranges.Sort((a, b) => a.Start.CompareTo(b.Start));
        _starts = new T[ranges.Count];
        _ends = new T[ranges.Count];
        _countries = new ushort[ranges.Count];
        for (var i = 0; i < ranges.Count; i++)
        {
            (_starts[i], _ends[i], _countries[i]) = ranges[i];
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

        return index >= 0 && address.CompareTo(_ends[index]) <= 0 ? _countries[index] : (ushort)0;
    }
}
