using System.Net;
using IdpFederation.Core.Networks;

namespace IdpFederation.Infrastructure.Geo;

/// <summary>
/// Every file named in Idp:Policy:CountryDatabase, each read by the reader its content calls for
/// (CountryDatabaseFormats.Detect). A lookup asks them in the configured order and the first answer wins, so an IPv4
/// and an IPv6 file, one combined file, or a file of an admin's own ranges listed before the published one all work.
/// Within one file, overlapping ranges are settled by the file (the mmdb's tree; the CSV's last line, see
/// CountryRangeTable).
/// </summary>
public sealed class CountryDatabaseSet : ICountryLookup, IDisposable
{
    private readonly ICountryLookup[] _parts;

    private CountryDatabaseSet(ICountryLookup[] parts, string description)
    {
        _parts = parts;
        Description = description;
    }

    public bool IsAvailable => true;

    /// <summary>For logs: each file with its format.</summary>
    public string Description { get; }

    /// <exception cref="InvalidDataException">A file is missing, unreadable or malformed; the message names it.</exception>
    public static CountryDatabaseSet Load(IReadOnlyList<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var formats = paths.Select(p => (Path: p, Format: CountryDatabaseFormats.Detect(p))).ToList();
        var parts = new List<ICountryLookup>();
        try
        {
            foreach (var (path, format) in formats)
            {
                parts.Add(format == CountryDatabaseFormat.Mmdb ? MmdbCountryDatabase.Open(path) : CsvCountryDatabase.Load([path]));
            }
        }
        catch
        {
            Dispose(parts);
            throw;
        }

        return new CountryDatabaseSet([.. parts], string.Join(", ", formats.Select(f => $"{f.Path} ({f.Format.ToString().ToLowerInvariant()})")));
    }

    public string? Lookup(IPAddress address)
    {
        foreach (var part in _parts)
        {
            if (part.Lookup(address) is { } country)
            {
                return country;
            }
        }

        return null;
    }

    public void Dispose() => Dispose(_parts);

    private static void Dispose(IEnumerable<ICountryLookup> parts)
    {
        foreach (var part in parts)
        {
            (part as IDisposable)?.Dispose();
        }
    }
}
