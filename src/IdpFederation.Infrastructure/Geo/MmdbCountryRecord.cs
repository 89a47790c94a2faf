using MaxMind.Db;

namespace IdpFederation.Infrastructure.Geo;

/// <summary>
/// The two country layouts found in .mmdb files, read by one type so one reader serves both: ip-location-db writes a
/// flat <c>country_code</c> (package README, "MMDB Format"); MaxMind's GeoLite2/GeoIP2-Country write
/// <c>country.iso_code</c> (GeoIP2 database documentation, "Country"). Keys not named here (names, continent,
/// registered_country) are skipped by the decoder, so nothing else is allocated.
/// </summary>
public sealed class MmdbCountryRecord
{
    [MapKey("country_code")]
    public string? CountryCode { get; init; }

    [MapKey("country")]
    public MmdbCountry? Country { get; init; }

    /// <summary>
    /// The country where the address is used. registered_country (where the block is registered) is deliberately not a
    /// fallback: GeoLite2 leaves country empty where it does not know the location, and a rule should see "unknown"
    /// there, as it does for the ip-location-db data.
    /// </summary>
    public string? Code => CountryCode ?? Country?.IsoCode;
}

public sealed class MmdbCountry
{
    [MapKey("iso_code")]
    public string? IsoCode { get; init; }
}
