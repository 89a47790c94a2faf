using System.Text.Json.Serialization;

namespace IdpFederation.Core.Policies;

/// <summary>The policy file as written (config/policies.json); see config/policies.schema.json.</summary>
public sealed class PolicyDocument
{
    /// <summary>The JSON Schema editors use ("./policies.schema.json"); read so that it is not an unknown key, otherwise ignored.</summary>
    [JsonPropertyName("$schema")]
    public string? Schema { get; set; }

    /// <summary>Named sets of CIDR ranges, declared once and referred to by name from rules.</summary>
    public Dictionary<string, List<string>> Networks { get; set; } = [];

    /// <summary>Named networks that count as inside the corporate network (the insidecorporatenetwork claim).</summary>
    public List<string> CorporateNetworks { get; set; } = [];

    public List<PolicyRuleDocument> Rules { get; set; } = [];

    public LockoutSettings Lockout { get; set; } = new();
}

public sealed class PolicyRuleDocument
{
    public string Name { get; set; } = "";
    public bool Enabled { get; set; } = true;

    /// <summary>"enforce" (default) or "reportOnly": evaluated and audited, never enforced.</summary>
    public string Mode { get; set; } = "enforce";

    public PolicyConditionsDocument Conditions { get; set; } = new();

    /// <summary>"allow", "deny", "requireMfa" or "requireMfaOutside".</summary>
    public string Action { get; set; } = "";

    /// <summary>For requireMfaOutside: the named network inside which MFA is not required.</summary>
    public string? TrustedNetwork { get; set; }

    /// <summary>
    /// For requireMfa and requireMfaOutside only: after MFA, the user may have this device remembered for this many
    /// days (1 to 365), skipping MFA on it. Absent: never remembered.
    /// </summary>
    public int? RememberDeviceDays { get; set; }
}

/// <summary>All present conditions must match; an absent one matches anything.</summary>
public sealed class PolicyConditionsDocument
{
    public List<string>? Users { get; set; }
    public List<string>? ExcludeUsers { get; set; }
    public List<string>? Roles { get; set; }
    public List<string>? ExcludeRoles { get; set; }
    public List<string>? RelyingParties { get; set; }

    /// <summary>"browser" (passive protocols) and/or "active" (WS-Trust).</summary>
    public List<string>? ClientKinds { get; set; }

    /// <summary>CIDR ranges or network names.</summary>
    public List<string>? IpRanges { get; set; }

    /// <summary>Match when the client is NOT in <see cref="IpRanges"/>.</summary>
    public bool NegateIpRanges { get; set; }

    /// <summary>ISO 3166-1 alpha-2 codes.</summary>
    public List<string>? Countries { get; set; }

    /// <summary>Match when the client's country is NOT in <see cref="Countries"/>.</summary>
    public bool NegateCountries { get; set; }

    /// <summary>"noMatch" (default) or "match": how a country condition treats an address with no known country.</summary>
    public string UnknownCountry { get; set; } = "noMatch";

    public List<TimeWindowDocument>? TimeWindows { get; set; }
}

public sealed class TimeWindowDocument
{
    /// <summary>Day names (Monday…Sunday); empty means every day.</summary>
    public List<string> Days { get; set; } = [];

    /// <summary>HH:mm local time, inclusive.</summary>
    public string Start { get; set; } = "00:00";

    /// <summary>HH:mm local time, exclusive; an end before the start spans midnight.</summary>
    public string End { get; set; } = "24:00";

    /// <summary>IANA zone, e.g. Australia/Sydney.</summary>
    public string TimeZone { get; set; } = "UTC";
}
