using IdpFederation.Core.Configuration;
using Microsoft.Extensions.Options;

namespace IdpFederation.Core.RelyingParties;

/// <summary>
/// The built-in Microsoft 365 party plus those configured, and the development test party when switched on; rebuilt
/// when the configuration reloads.
/// </summary>
public sealed class RelyingPartyCatalog
{
    private readonly IOptionsMonitor<IdpOptions> _options;
    private Snapshot? _cache;

    public RelyingPartyCatalog(IOptionsMonitor<IdpOptions> options) => _options = options;

    public RelyingParty? FindByRealm(string realm)
    {
        ArgumentNullException.ThrowIfNull(realm);
        return Parties.TryGetValue(realm, out var party) ? party : null;
    }

    public IEnumerable<RelyingParty> All => Parties.Values;

    private Dictionary<string, RelyingParty> Parties
    {
        get
        {
            var current = _options.CurrentValue;
            // One reference-sized read or write: a reload racing a request can never pair one config with another's parties.
            var cache = _cache;
            if (cache is not null && ReferenceEquals(cache.Source, current))
            {
                return cache.Parties;
            }

            var parties = Build(current);
            _cache = new Snapshot(current, parties);
            return parties;
        }
    }

    private static Dictionary<string, RelyingParty> Build(IdpOptions options)
    {
        // Realms are compared ordinally, as Entra sends them; a configured entry may override the built-in one.
        var parties = new Dictionary<string, RelyingParty>(StringComparer.Ordinal)
        {
            [RelyingParty.MicrosoftOnlineRealm] = RelyingParty.MicrosoftOnline,
        };

        foreach (var configured in options.RelyingParties)
        {
            if (!configured.Enabled)
            {
                // Also how an administrator switches off the built-in Microsoft 365 party.
                parties.Remove(configured.Realm);
                continue;
            }

            var name = string.IsNullOrWhiteSpace(configured.DisplayName) ? configured.Realm : configured.DisplayName;
            parties[configured.Realm] = new RelyingParty(configured.Realm, name, configured.ReplyUrls.ToArray());
        }

        // True only in the Development environment: the server refuses the setting anywhere else, and no configured
        // party may claim this realm (IdpOptionsValidator), so outside Development the realm is simply unknown.
        if (options.Development.TestRelyingParty == true)
        {
            parties[DevelopmentTestRelyingParty.Realm] = DevelopmentTestRelyingParty.Create(options.PublicBaseUrl);
        }

        return parties;
    }

    private sealed record Snapshot(IdpOptions Source, Dictionary<string, RelyingParty> Parties);
}
