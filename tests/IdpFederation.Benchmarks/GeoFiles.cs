namespace IdpFederation.Benchmarks;

/// <summary>The published ip-location-db files: IDPFED_GEOIP_DIR, data/geoip/ (scripts/fetch-geoip.sh), /tmp/geo/package.</summary>
public static class GeoFiles
{
    public static string[] Find()
    {
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
            string[] files = [Path.Combine(candidate, "geo-whois-asn-country-ipv4.csv"), Path.Combine(candidate, "geo-whois-asn-country-ipv6.csv")];
            if (files.All(File.Exists))
            {
                return files;
            }
        }

        throw new FileNotFoundException("geo-whois-asn-country-ipv4.csv and -ipv6.csv not found in " + string.Join(", ", candidates) +
            "; run scripts/fetch-geoip.sh or set IDPFED_GEOIP_DIR.");
    }
}
