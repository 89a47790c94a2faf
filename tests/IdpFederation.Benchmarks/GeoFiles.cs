namespace IdpFederation.Benchmarks;

/// <summary>
/// The published ip-location-db files of one release: IDPFED_GEOIP_DIR, data/geoip/ (scripts/fetch-geoip.sh with
/// --format csv and --format mmdb), /tmp/geo/package.
/// </summary>
public static class GeoFiles
{
    public static readonly string[] CsvNames = ["geo-whois-asn-country-ipv4.csv", "geo-whois-asn-country-ipv6.csv"];
    public static readonly string[] MmdbNames = ["geo-whois-asn-country.mmdb"];

    /// <summary>The CSV pair (the benchmarks' reference format).</summary>
    public static string[] Find() => Find("csv");

    /// <param name="format">csv (the IPv4 and IPv6 CSV files) or mmdb (the combined IPv4 + IPv6 .mmdb).</param>
    public static string[] Find(string format)
    {
        var names = format switch
        {
            "csv" => CsvNames,
            "mmdb" => MmdbNames,
            _ => throw new ArgumentException($"unknown format '{format}'; use csv or mmdb", nameof(format)),
        };
        var candidates = new List<string>();
        if (Environment.GetEnvironmentVariable("IDPFED_GEOIP_DIR") is { Length: > 0 } configured)
        {
            candidates.Add(configured);
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "IdpFederation.sln")))
            {
                candidates.Add(Path.Combine(dir.FullName, "data", "geoip"));
                break;
            }
        }

        candidates.Add("/tmp/geo/package");
        foreach (var candidate in candidates)
        {
            var files = names.Select(n => Path.Combine(candidate, n)).ToArray();
            if (files.All(File.Exists))
            {
                return files;
            }
        }

        throw new FileNotFoundException(string.Join(" and ", names) + " not found in " + string.Join(", ", candidates) +
            $"; run scripts/fetch-geoip.sh --format {format} or set IDPFED_GEOIP_DIR.");
    }
}
