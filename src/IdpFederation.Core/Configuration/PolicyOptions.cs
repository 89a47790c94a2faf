namespace IdpFederation.Core.Configuration;

public sealed class PolicyOptions
{
    /// <summary>The sign-in policy file, relative to the config directory. A missing file means no rules.</summary>
    public string File { get; set; } = "policies.json";

    /// <summary>
    /// Country database files, relative to the config directory: ip-location-db CSV files (IPv4 and/or IPv6) or MaxMind
    /// DB (.mmdb) files (GeoLite2-Country, @ip-location-db/*-mmdb), told apart by content; scripts/fetch-geoip.sh
    /// downloads them. They are reloaded when replaced. Without them a rule with a country condition is a start-up error.
    /// </summary>
    public List<string> CountryDatabase { get; set; } = [];
}
