namespace IdpFederation.Tests.Geo;

/// <summary>
/// Addresses checked against the fixture ranges (countries-ipv4.csv and countries-ipv6.csv), by every reader: the CSV
/// files themselves, and the same ranges written as .mmdb in both record layouts.
/// </summary>
public static class CountryFixtureCases
{
    public static TheoryData<string, string> InsideRanges => new()
    {
        // Range starts and ends are inclusive.
        { "1.0.0.0", "AU" },
        { "1.0.0.255", "AU" },
        { "1.0.1.0", "CN" },
        { "1.0.3.255", "CN" },
        { "1.0.7.255", "AU" },
        { "8.8.8.8", "US" },
        { "6.0.0.0", "US" },
        { "8.10.5.255", "US" },
        { "81.2.69.142", "GB" },
        { "193.0.14.129", "NL" },
        { "203.0.113.7", "AU" },
        // A one-address range, written in lower case in the file.
        { "9.9.9.9", "CH" },
        // The last range reaches the top of the address space.
        { "255.255.255.255", "ZZ" },
        // IPv4-mapped IPv6 addresses are looked up as IPv4.
        { "::ffff:8.8.4.4", "US" },
        { "::ffff:1.0.2.1", "CN" },
        // IPv6.
        { "2001:4860:4860::8888", "US" },
        { "2001:4860::", "US" },
        { "2001:4860:ffff:ffff:ffff:ffff:ffff:ffff", "US" },
        { "2a00:1450:4001:82b::200e", "IE" },
        { "2001:67c:2e8:22::c100:68b", "NL" },
        { "2001:218:2000:51::1", "JP" },
        { "2c0f:fff0::", "ZA" },
        { "2c0f:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "ZA" },
    };

    public static TheoryData<string> OutsideRanges => new()
    {
        // Below the first range, in the gaps between ranges, private and reserved space.
        { "0.255.255.255" },
        { "1.0.8.0" },
        { "5.255.255.255" },
        { "8.10.6.0" },
        { "9.9.9.8" },
        { "9.9.9.10" },
        { "10.0.0.1" },
        { "127.0.0.1" },
        { "192.168.1.1" },
        { "193.0.24.0" },
        { "223.255.254.255" },
        { "::ffff:10.1.2.3" },
        { "::" },
        { "::1" },
        { "fe80::1" },
        { "2001:218:2000:52::" },
        { "2001:4861::" },
        { "2001:485f:ffff:ffff:ffff:ffff:ffff:ffff" },
        { "2c0f:ffef:ffff:ffff:ffff:ffff:ffff:ffff" },
        { "2c10::" },
        { "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff" },
    };
}
