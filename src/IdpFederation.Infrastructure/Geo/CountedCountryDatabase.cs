namespace IdpFederation.Infrastructure.Geo;

/// <summary>
/// A loaded database and the number of users it has: the holder's own reference plus one per lookup in flight.
/// Whoever drops the count to zero disposes it, so a memory-mapped file is unmapped only after its last lookup ends,
/// and once it is zero no new lookup can start on it.
/// </summary>
internal sealed class CountedCountryDatabase
{
    private int _count = 1;

    public CountedCountryDatabase(CountryDatabaseSet database) => Database = database;

    public CountryDatabaseSet Database { get; }

    /// <summary>False once the database has been released by its holder and every lookup on it has ended.</summary>
    public bool TryAcquire()
    {
        var count = Volatile.Read(ref _count);
        while (count > 0)
        {
            var seen = Interlocked.CompareExchange(ref _count, count + 1, count);
            if (seen == count)
            {
                return true;
            }

            count = seen;
        }

        return false;
    }

    public void Release()
    {
        if (Interlocked.Decrement(ref _count) == 0)
        {
            Database.Dispose();
        }
    }
}
