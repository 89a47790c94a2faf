using System.Numerics;

namespace IdpFederation.Infrastructure.Geo;

/// <summary>Turns ranges in read order into sorted, non-overlapping ranges where the range read last wins (CountryRangeTable remarks).</summary>
internal static class CountryRangeOverlaps
{
    public static List<(T Start, T End, ushort Country)> Flatten<T>(List<(T Start, T End, ushort Country)> ranges)
        where T : struct, IBinaryInteger<T>
    {
        // Sorted by start, then by read order, so equal starts keep the order that decides between them.
        var order = new int[ranges.Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(order, (a, b) => ranges[a].Start != ranges[b].Start ? ranges[a].Start.CompareTo(ranges[b].Start) : a.CompareTo(b));
        var flat = new List<(T, T, ushort)>(ranges.Count);
        var first = 0;
        while (first < order.Length)
        {
            // A cluster: ranges that overlap, directly or through one another; its union is one span [low, high].
            var high = ranges[order[first]].End;
            var next = first + 1;
            while (next < order.Length && ranges[order[next]].Start <= high)
            {
                high = T.Max(high, ranges[order[next]].End);
                next++;
            }

            if (next == first + 1)
            {
                flat.Add(ranges[order[first]]);
            }
            else
            {
                FlattenCluster(ranges, order.AsSpan(first, next - first), high, flat);
            }

            first = next;
        }

        return flat;
    }

    private static void FlattenCluster<T>(List<(T Start, T End, ushort Country)> ranges, ReadOnlySpan<int> cluster, T high, List<(T, T, ushort)> flat)
        where T : struct, IBinaryInteger<T>
    {
        // Every start and every end + 1 inside the span cuts it into pieces that each lie wholly inside or outside
        // each range; a piece takes the country of the latest-read range that holds it. end + 1 cannot overflow:
        // only an end equal to the span's end could be the type's maximum, and that one makes no cut.
        var cuts = new SortedSet<T>();
        foreach (var index in cluster)
        {
            cuts.Add(ranges[index].Start);
            if (ranges[index].End < high)
            {
                cuts.Add(ranges[index].End + T.One);
            }
        }

        var points = cuts.ToArray();
        for (var p = 0; p < points.Length; p++)
        {
            var start = points[p];
            var end = p + 1 < points.Length ? points[p + 1] - T.One : high;
            var winner = -1;
            foreach (var index in cluster)
            {
                if (ranges[index].Start <= start && start <= ranges[index].End && index > winner)
                {
                    winner = index;
                }
            }

            var country = ranges[winner].Country;
            if (flat.Count > 0 && flat[^1] is var (lastStart, lastEnd, lastCountry) && lastCountry == country && lastEnd + T.One == start)
            {
                flat[^1] = (lastStart, end, country);
            }
            else
            {
                flat.Add((start, end, country));
            }
        }
    }
}
