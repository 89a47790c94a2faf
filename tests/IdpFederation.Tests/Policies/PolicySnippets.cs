using System.Globalization;
using System.Net;
using IdpFederation.Core.Networks;
using IdpFederation.Core.Policies;

namespace IdpFederation.Tests.Policies;

/// <summary>
/// Compiles real policy JSON with <see cref="PolicyCompiler"/> and builds evaluation contexts from a compact
/// "key=value key=value" spec, so rule tables stay readable.
/// </summary>
internal static class PolicySnippets
{
    public const string File = "policies.json";
    public const string MicrosoftOnline = "urn:federation:MicrosoftOnline";

    /// <summary>Declared in every snippet built by <see cref="OneRule"/>.</summary>
    public const string Networks = """
        "networks": {
          "office": ["203.0.113.0/24", "2001:db8:10::/48"],
          "vpn": ["198.51.100.0/25"]
        }
        """;

    public static CompiledPolicy Compile(string json, ICountryLookup? countries = null)
    {
        var result = PolicyCompiler.Compile(json, File, countries ?? new AvailableCountryLookup());
        Assert.True(result.Policy is not null, "Expected the policy to compile, got:\n" + string.Join("\n", result.Errors));
        Assert.Empty(result.Errors);
        return result.Policy!;
    }

    public static IReadOnlyList<string> Errors(string json, ICountryLookup? countries = null)
    {
        var result = PolicyCompiler.Compile(json, File, countries ?? new AvailableCountryLookup());
        Assert.True(result.Policy is null, "Expected the policy to be refused, but it compiled.");
        return result.Errors;
    }

    /// <summary>A file with the standard networks and one rule named "r".</summary>
    public static string OneRule(string conditions, string action = "deny", string extra = "") =>
        $$"""{ {{Networks}}, "rules": [ { "name": "r", "action": "{{action}}", "conditions": {{conditions}} {{extra}} } ] }""";

    /// <summary>
    /// Keys: user, roles (comma separated), rp, kind (browser|active), ip (or "none"), country (or "none"), time (ISO 8601).
    /// Defaults: alice@contoso.com, no roles, Microsoft 365, browser, 192.0.2.10, AU, 2025-03-14T09:26:53Z (a Friday).
    /// </summary>
    public static PolicyContext Context(string spec = "")
    {
        var values = spec.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal);
        string Get(string key, string fallback) => values.TryGetValue(key, out var value) ? value : fallback;
        var ip = Get("ip", "192.0.2.10");
        var country = Get("country", "AU");
        var roles = Get("roles", "");
        return new PolicyContext
        {
            UserPrincipalName = Get("user", "alice@contoso.com"),
            Roles = roles.Length == 0 ? [] : roles.Split(','),
            RelyingParty = Get("rp", MicrosoftOnline),
            ClientKind = Get("kind", "browser") == "active" ? ClientKind.Active : ClientKind.Browser,
            ClientIp = ip == "none" ? null : IPAddress.Parse(ip),
            Country = country == "none" ? null : country,
            Time = DateTimeOffset.Parse(Get("time", "2025-03-14T09:26:53Z"), CultureInfo.InvariantCulture),
        };
    }
}

/// <summary>A country database is configured; contexts carry the country directly, so lookups are never made.</summary>
internal sealed class AvailableCountryLookup : ICountryLookup
{
    public bool IsAvailable => true;

    public string? Lookup(IPAddress address) => null;
}
