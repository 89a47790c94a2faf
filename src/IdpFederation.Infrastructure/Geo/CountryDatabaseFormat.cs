using System.Text;

namespace IdpFederation.Infrastructure.Geo;

public enum CountryDatabaseFormat
{
    /// <summary>ip-location-db "start,end,CC" text (CsvCountryDatabase).</summary>
    Csv,

    /// <summary>A MaxMind DB file: GeoLite2/GeoIP2-Country, or an @ip-location-db/*-mmdb file (MmdbCountryDatabase).</summary>
    Mmdb,
}

/// <summary>
/// Picks the reader by what the file holds, not by its name: a MaxMind DB file ends with a metadata section that starts
/// with the marker "\xAB\xCD\xEFMaxMind.com", and the whole section is at most 128 KiB (MaxMind DB File Format
/// Specification 2.0, "Database Metadata", https://maxmind.github.io/MaxMind-DB/). A file with the marker is read as
/// mmdb whatever its extension; a file without it is CSV, unless its name ends in .mmdb, which then means a truncated
/// or wrong file, and saying so beats reporting "line 1 is not start,end,CC" for a binary file.
/// </summary>
public static class CountryDatabaseFormats
{
    public const int MaxMetadataBytes = 128 * 1024;

    private static readonly byte[] MetadataMarker = [0xAB, 0xCD, 0xEF, .. Encoding.ASCII.GetBytes("MaxMind.com")];

    /// <exception cref="InvalidDataException">The file is missing, unreadable, or named .mmdb without being one.</exception>
    public static CountryDatabaseFormat Detect(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new InvalidDataException($"Idp:Policy:CountryDatabase: '{path}' does not exist (scripts/fetch-geoip.sh downloads it).");
        }

        bool marked;
        try
        {
            marked = HasMetadataMarker(path);
        }
        catch (IOException ex)
        {
            throw new InvalidDataException($"Idp:Policy:CountryDatabase: '{path}' cannot be read: {ex.Message}", ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new InvalidDataException($"Idp:Policy:CountryDatabase: '{path}' cannot be read: {ex.Message}", ex);
        }

        if (marked)
        {
            return CountryDatabaseFormat.Mmdb;
        }

        if (path.EndsWith(".mmdb", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidDataException($"Idp:Policy:CountryDatabase: '{path}' is named .mmdb but has no MaxMind DB metadata marker " +
                "in its last 128 KiB: the file is truncated (an interrupted download?) or not a MaxMind DB file.");
        }

        return CountryDatabaseFormat.Csv;
    }

    private static bool HasMetadataMarker(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
        var length = (int)Math.Min(stream.Length, MaxMetadataBytes);
        var tail = new byte[length];
        stream.Seek(-length, SeekOrigin.End);
        stream.ReadExactly(tail);
        return tail.AsSpan().LastIndexOf(MetadataMarker) >= 0;
    }
}
