using IdpFederation.Tests.Server;

namespace IdpFederation.Tests.Geo;

internal static class CountryFixtures
{
    public static string Directory => Path.Combine(RepositoryPaths.Root, "tests", "IdpFederation.Tests", "Geo", "Fixtures");

    /// <summary>ip-location-db layout: IPv4 lines, one out of order, one blank line, a lower-case code, a single-address range.</summary>
    public static string Ipv4 => Path.Combine(Directory, "countries-ipv4.csv");

    public static string Ipv6 => Path.Combine(Directory, "countries-ipv6.csv");

    public static string Crlf => Path.Combine(Directory, "countries-crlf.csv");
}
