using System.Globalization;
using System.Net;
using System.Text;
using IdpFederation.Core.Networks;
using IdpFederation.Core.Policies;

namespace IdpFederation.Benchmarks;

/// <summary>
/// A 100-rule policy shaped like a large tenant's: named networks, per-group MFA with break-glass exclusions,
/// country allow and deny lists, blocked ranges (IPv4 and IPv6, some negated), legacy-client blocks per relying
/// party, business-hours windows in several zones, some rules report-only and some disabled.
/// </summary>
public static class BenchmarkPolicy
{
    public const int RuleCount = 100;

    private static readonly string[] Zones = ["Australia/Sydney", "America/New_York", "Europe/London", "Asia/Tokyo", "UTC"];
    private static readonly string[] Countries = ["AU", "NZ", "US", "GB", "DE", "FR", "JP", "SG", "CA", "IE", "NL", "IN"];

    public static string Json()
    {
        var json = new StringBuilder();
        json.Append("{\n  \"networks\": {\n");
        for (var n = 0; n < 10; n++)
        {
            json.Append(CultureInfo.InvariantCulture, $"    \"site{n}\": [\"10.{n}.0.0/16\", \"172.{16 + n}.0.0/16\", \"2001:db8:{n:x}::/48\", \"198.18.{n}.0/24\"]");
            json.Append(n < 9 ? ",\n" : "\n");
        }

        json.Append("  },\n  \"corporateNetworks\": [\"site0\", \"site1\", \"site2\"],\n  \"rules\": [\n");
        for (var i = 0; i < RuleCount; i++)
        {
            json.Append("    ").Append(Rule(i)).Append(i < RuleCount - 1 ? ",\n" : "\n");
        }

        json.Append("  ]\n}\n");
        return json.ToString();
    }

    private static string Rule(int i)
    {
        var mode = i % 10 == 9 ? "reportOnly" : "enforce";
        var enabled = i % 25 == 24 ? "false" : "true";
        var zone = Zones[i % Zones.Length];
        var head = $"\"name\": \"rule {i:D3}\", \"enabled\": {enabled}, \"mode\": \"{mode}\"";
        return (i % 8) switch
        {
            // MFA for a group outside its site, with break-glass exclusions.
            0 => $"{{ {head}, \"action\": \"requireMfaOutside\", \"trustedNetwork\": \"site{i % 10}\", \"conditions\": {{ \"roles\": [\"Group{i}\", \"Admins\"], \"excludeRoles\": [\"BreakGlass\"], \"excludeUsers\": [\"emergency{i}@contoso.com\"] }} }}",
            // Country allow list: deny everything outside it.
            1 => $"{{ {head}, \"action\": \"deny\", \"conditions\": {{ \"countries\": [{Quote(Countries.Skip(i % 5).Take(6))}], \"negateCountries\": true, \"unknownCountry\": \"noMatch\", \"excludeRoles\": [\"Travellers\"] }} }}",
            // Blocked ranges, IPv4 and IPv6.
            2 => $"{{ {head}, \"action\": \"deny\", \"conditions\": {{ \"ipRanges\": [\"203.0.{i}.0/24\", \"198.51.{i}.0/24\", \"2001:db8:ff{i:x2}::/48\", \"100.{64 + (i % 60)}.0.0/16\"] }} }}",
            // Legacy (active) clients blocked for some apps unless on a site.
            3 => $"{{ {head}, \"action\": \"deny\", \"conditions\": {{ \"clientKinds\": [\"active\"], \"relyingParties\": [\"urn:app:{i}\", \"urn:federation:MicrosoftOnline\"], \"ipRanges\": [\"site{i % 10}\", \"site{(i + 1) % 10}\"], \"negateIpRanges\": true }} }}",
            // Business hours for contractors, in their zone.
            4 => $"{{ {head}, \"action\": \"deny\", \"conditions\": {{ \"roles\": [\"Contractors{i}\"], \"timeWindows\": [{{ \"days\": [\"Saturday\", \"Sunday\"], \"timeZone\": \"{zone}\" }}, {{ \"start\": \"20:00\", \"end\": \"06:00\", \"timeZone\": \"{zone}\" }}] }} }}",
            // MFA for named users from listed countries.
            5 => $"{{ {head}, \"action\": \"requireMfa\", \"conditions\": {{ \"users\": [{Quote(Enumerable.Range(0, 20).Select(u => $"user{i}-{u}@contoso.com"))}], \"countries\": [{Quote(Countries.Skip(i % 7).Take(3))}] }} }}",
            // Allow rules for sites (documentation for the what-if tool).
            6 => $"{{ {head}, \"action\": \"allow\", \"conditions\": {{ \"ipRanges\": [\"site{i % 10}\"], \"relyingParties\": [\"urn:app:{i}\"] }} }}",
            // MFA for an app from outside every site.
            _ => $"{{ {head}, \"action\": \"requireMfa\", \"conditions\": {{ \"relyingParties\": [\"urn:app:{i}\"], \"ipRanges\": [\"site0\", \"site1\", \"site2\", \"site3\"], \"negateIpRanges\": true, \"timeWindows\": [{{ \"days\": [\"Monday\", \"Tuesday\", \"Wednesday\", \"Thursday\", \"Friday\"], \"start\": \"07:00\", \"end\": \"19:00\", \"timeZone\": \"{zone}\" }}] }} }}",
        };
    }

    private static string Quote(IEnumerable<string> values) => string.Join(", ", values.Select(v => $"\"{v}\""));

    public static CompiledPolicy Compile()
    {
        var result = PolicyCompiler.Compile(Json(), "benchmark-policies.json", new AnyCountryLookup());
        return result.Policy ?? throw new InvalidOperationException(string.Join(Environment.NewLine, result.Errors));
    }

    /// <summary>Stands in for a configured database; contexts carry their country directly.</summary>
    public sealed class AnyCountryLookup : ICountryLookup
    {
        public bool IsAvailable => true;

        public string? Lookup(IPAddress address) => null;
    }
}
