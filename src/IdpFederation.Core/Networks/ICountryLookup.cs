using System.Net;

namespace IdpFederation.Core.Networks;

/// <summary>IP address to ISO 3166-1 alpha-2 country code.</summary>
public interface ICountryLookup
{
    /// <summary>False when no database is configured; a country rule is then a start-up error, never a silent pass.</summary>
    bool IsAvailable { get; }

    /// <summary>Upper-case country code, or null when the address is in no known range (private, reserved, unassigned).</summary>
    string? Lookup(IPAddress address);
}

/// <summary>Used when no database is configured.</summary>
public sealed class NoCountryLookup : ICountryLookup
{
    public bool IsAvailable => false;

    public string? Lookup(IPAddress address) => null;
}
