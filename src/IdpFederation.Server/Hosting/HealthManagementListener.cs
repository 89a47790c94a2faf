using IdpFederation.Core.Configuration;

namespace IdpFederation.Server.Hosting;

/// <summary>
/// Makes Kestrel listen on Idp:Health:ManagementUrl as well as wherever it already listens. Kestrel's own rules make
/// this fiddly: an address added in code would silently replace --urls, so the URL joins whichever source is in use:
/// the Kestrel:Endpoints section when there is one (it overrides --urls anyway), else the URL list itself.
/// </summary>
internal static class HealthManagementListener
{
    public const string Setting = "Idp:Health:ManagementUrl";
    private const string EndpointName = "IdpFederationHealthManagement";

    /// <summary>ASP.NET Core's address when nothing else is set.</summary>
    private const string DefaultUrl = "http://localhost:5000";

    /// <exception cref="InvalidDataException">A public listener uses the management port.</exception>
    public static void AddHealthManagementListener(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var url = configuration[Setting];
        if (!HealthOptions.TryParseManagementPort(url, out var port))
        {
            // Unset, or malformed: options validation names a malformed URL precisely a moment later.
            return;
        }

        var endpoints = configuration.GetSection("Kestrel:Endpoints");
        var publicUrls = endpoints.Exists()
            ? endpoints.GetChildren().Select(e => e["Url"]).OfType<string>().ToList()
            : PublicUrls(configuration);
        // Management requests are recognised by their local port, so a public listener on that port would be one too.
        if (publicUrls.FirstOrDefault(u => PortOf(u) == port) is { } clash)
        {
            throw new InvalidDataException($"{Setting} '{url}' uses port {port}, as does the public address {clash}; " +
                "give the management listener a port of its own (requests are told apart by the port they arrive on).");
        }

        if (endpoints.Exists())
        {
            configuration.AddInMemoryCollection([new($"Kestrel:Endpoints:{EndpointName}:Url", url)]);
        }
        else
        {
            builder.WebHost.UseUrls([.. publicUrls, url!]);
        }
    }

    /// <summary>The addresses the host would use without us: urls (--urls, ASPNETCORE_URLS), else http(s)_ports, else the default.</summary>
    private static List<string> PublicUrls(ConfigurationManager configuration)
    {
        static IEnumerable<string> Split(string? list) => (list ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        var urls = Split(configuration[WebHostDefaults.ServerUrlsKey]).ToList();
        if (urls.Count == 0)
        {
            urls.AddRange(Split(configuration[WebHostDefaults.HttpPortsKey]).Select(p => $"http://*:{p}"));
            urls.AddRange(Split(configuration[WebHostDefaults.HttpsPortsKey]).Select(p => $"https://*:{p}"));
        }

        return urls.Count == 0 ? [DefaultUrl] : urls;
    }

    private static int? PortOf(string url)
    {
        try
        {
            return BindingAddress.Parse(url).Port;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
