using System.Text.Json.Nodes;
using IdpFederation.Core.Directory;

namespace IdpFederation.Tests.Cli;

/// <summary>
/// A CLI test host whose config directory holds a small country database in the real ip-location-db CSV layout
/// (configured as Idp:Policy:CountryDatabase) and, once written, a policies.json.
/// </summary>
public sealed class PolicyCliHost : IDisposable
{
    /// <summary>Ranges of the documentation blocks: 203.0.113.0/24 is Australia, 198.51.100.0/24 the United States, 2001:db8::/32 Germany.</summary>
    public const string CountryCsv = """
        198.51.100.0,198.51.100.255,US
        203.0.113.0,203.0.113.255,AU
        2001:db8::,2001:db8:ffff:ffff:ffff:ffff:ffff:ffff,DE
        """;

    /// <param name="countryFile">The file under geo/ that Idp:Policy:CountryDatabase names; tests may write another one there.</param>
    public PolicyCliHost(bool withCountryDatabase = true, string countryFile = "countries.csv")
    {
        Cli = new CliTestHost(idp =>
        {
            if (withCountryDatabase)
            {
                idp["Policy"] = new JsonObject { ["CountryDatabase"] = new JsonArray("geo/" + countryFile) };
            }
        });
        System.IO.Directory.CreateDirectory(Path.Combine(Cli.ConfigDirectory, "geo"));
        File.WriteAllText(Path.Combine(Cli.ConfigDirectory, "geo", "countries.csv"), CountryCsv);
    }

    public CliTestHost Cli { get; }

    public string PolicyFile => Path.Combine(Cli.ConfigDirectory, "policies.json");

    public void WritePolicy(string json) => File.WriteAllText(PolicyFile, json);

    public Task AddUserAsync(string upn, params string[] roles) =>
        Cli.WithServicesAsync(async (directory, _, _) => await directory.CreateAsync(new NewUser { UserPrincipalName = upn, Roles = roles }));

    public void Dispose() => Cli.Dispose();
}
