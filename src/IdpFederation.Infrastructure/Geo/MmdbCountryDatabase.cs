using System.Net;
using System.Net.Sockets;
using IdpFederation.Core.Networks;
using MaxMind.Db;

namespace IdpFederation.Infrastructure.Geo;

/// <summary>
/// Country lookups in one MaxMind DB file through MaxMind.Db's reader, memory-mapped: the file's pages are shared with
/// the OS page cache and read on demand, so nothing is parsed at start-up and the process holds no copy of the data.
/// </summary>
/// <remarks>
/// The mapping stays valid when the file is replaced by a rename (the old inode lives until it is unmapped), which is
/// how scripts/fetch-geoip.sh and MaxMind's geoipupdate install a new release. Writing into the mapped file in place
/// would change the data under running lookups (README "Country database" says to rename).
/// Disposing unmaps the file while a concurrent Find may be dereferencing it (MaxMind.Db reads through a raw pointer
/// after a non-atomic disposed check), so callers must not dispose while lookups run: ReloadingCountryLookup counts them.
/// </remarks>
public sealed class MmdbCountryDatabase : ICountryLookup, IDisposable
{
    private const int ProbedRecords = 64;
    private readonly Reader _reader;

    private MmdbCountryDatabase(string path, Reader reader)
    {
        Path = path;
        _reader = reader;
    }

    public string Path { get; }

    public bool IsAvailable => true;

    public Metadata Metadata => _reader.Metadata;

    /// <summary>Opens and checks the file: readable metadata, and records that carry a country code in a known layout.</summary>
    /// <exception cref="InvalidDataException">The message names the file and what is wrong with it.</exception>
    public static MmdbCountryDatabase Open(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        Reader reader;
        try
        {
            reader = new Reader(path, FileAccessMode.MemoryMapped);
        }
        catch (Exception ex) when (IsFileProblem(ex))
        {
            throw Invalid(path, $"its MaxMind DB metadata cannot be read ({ex.Message})", ex);
        }

        try
        {
            CheckLayout(path, reader);
            return new MmdbCountryDatabase(path, reader);
        }
        catch
        {
            reader.Dispose();
            throw;
        }
    }

    public string? Lookup(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        address = IpRange.Normalize(address);
        if (SpecialPurposeRanges.Contains(address) || !InThisTree(address))
        {
            return null;
        }

        MmdbCountryRecord? record;
        try
        {
            record = _reader.Find<MmdbCountryRecord>(address);
        }
        catch (Exception ex) when (ex is InvalidDatabaseException or DeserializationException)
        {
            // Corruption past the header shows only when a lookup reaches it; fail the lookup, never guess a country.
            throw Invalid(Path, $"looking up {address}: {ex.Message}", ex);
        }

        // Through CountryCodes, so the answer is upper case and an interned string, as the CSV reader returns.
        return record?.Code is { } code && CountryCodes.TryPack(code, out var packed) ? CountryCodes.Unpack(packed) : null;
    }

    public void Dispose() => _reader.Dispose();

    private bool InThisTree(IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            // An IPv6 tree holds IPv4 at ::/96; MaxMind.Db maps the address there itself.
            return true;
        }

        if (_reader.Metadata.IPVersion == 4)
        {
            return false;
        }

        // ::a.b.c.d (IPv4-compatible, deprecated by RFC 4291 §2.5.5.1) is where an IPv6 tree stores IPv4 (MaxMind DB
        // spec, "IPv4 addresses in an IPv6 tree"); answering IPv4 data for it would differ from the CSV reader, whose
        // IPv6 table has no such range.
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        return bytes[..12].ContainsAnyExcept((byte)0);
    }

    private static void CheckLayout(string path, Reader reader)
    {
        var metadata = reader.Metadata;
        if (metadata.IPVersion is not (4 or 6))
        {
            throw Invalid(path, $"its metadata gives ip_version {metadata.IPVersion}; MaxMind DB files are 4 or 6");
        }

        var seen = 0;
        try
        {
            foreach (var node in reader.FindAll<MmdbCountryRecord>(cacheSize: ProbedRecords))
            {
                if (node.Data.Code is { } code)
                {
                    if (!CountryCodes.TryPack(code, out _))
                    {
                        throw Invalid(path, $"its record for {node.Start}/{node.PrefixLength} has country code '{code}', not two letters");
                    }

                    return;
                }

                if (++seen == ProbedRecords)
                {
                    break;
                }
            }
        }
        catch (Exception ex) when (IsFileProblem(ex))
        {
            throw Invalid(path, $"its search tree or data section is corrupt ({ex.Message})", ex);
        }

        throw Invalid(path, seen == 0
            ? $"it holds no records (database_type '{metadata.DatabaseType}')"
            : $"its first {seen} records (database_type '{metadata.DatabaseType}') have neither country_code (ip-location-db) " +
              "nor country.iso_code (GeoLite2/GeoIP2-Country): it is not a country database");
    }

    // MaxMind.Db reports bad bytes as InvalidDatabaseException or DeserializationException (a metadata section that is
    // not a map, for one), but a decoder fed a damaged file can also fail with range or format errors; each of them
    // means "this file", and must become the one start-up message rather than a stack trace.
    private static bool IsFileProblem(Exception ex) => ex is InvalidDatabaseException or DeserializationException or IOException
        or UnauthorizedAccessException or ArgumentException or IndexOutOfRangeException or InvalidCastException or OverflowException
        or FormatException or KeyNotFoundException or NullReferenceException;

    private static InvalidDataException Invalid(string path, string what, Exception? inner = null) =>
        new($"Idp:Policy:CountryDatabase: '{path}' is not a usable MaxMind DB country database: {what}.", inner);
}
