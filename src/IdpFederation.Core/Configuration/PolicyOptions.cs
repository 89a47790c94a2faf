namespace IdpFederation.Core.Configuration;

public sealed class PolicyOptions
{
    /// <summary>The sign-in policy file, relative to the config directory. A missing file means no rules.</summary>
    public string File { get; set; } = "policies.json";

    /// <summary>
    /// ip-location-db country CSV files (IPv4 and/or IPv6), relative to the config directory; scripts/fetch-geoip.sh
    /// downloads them. Without them a rule with a country condition is a start-up error.
    /// </summary>
    public List<string> CountryDatabase { get; set; } = [];
}
