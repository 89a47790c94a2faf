using IdpFederation.Core.Configuration;
using IdpFederation.Core.RelyingParties;
using IdpFederation.Infrastructure.Certificates;
using IdpFederation.Infrastructure.Certificates.Rollover;
using IdpFederation.Infrastructure.Configuration;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace IdpFederation.Server.Hosting;

/// <summary>Tells the person who just ran the server where it listens and what to do next.</summary>
internal static class StartupBanner
{
    public static void Print(WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<IdpOptions>>().Value;
        var paths = app.Services.GetRequiredService<IdpPaths>();
        var signing = app.Services.GetRequiredService<RotatingSigningKeyStore>().Keys;
        var addresses = app.Services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var devCertificate = Path.Combine(paths.DataDirectory, SigningCertificateLoader.DevelopmentCertificateFile);
        var lines = new List<string>
        {
            "",
            "IdpFederation is running.",
            "  Listening on:       " + string.Join(", ", addresses),
            "  Public base URL:    " + options.PublicBaseUrl,
            "  Passive endpoint:   " + options.PublicBaseUrl.TrimEnd('/') + "/adfs/ls/",
            "  Metadata:           " + options.PublicBaseUrl.TrimEnd('/') + "/FederationMetadata/2007-06/FederationMetadata.xml",
            "  Config directory:   " + paths.ConfigDirectory,
            "  Data directory:     " + paths.DataDirectory,
            "  Signing cert:       " + signing.Current.Thumbprint + (signing.CurrentIsManaged ? " (managed, see idpfed cert status)" : File.Exists(devCertificate) && options.Signing.Current is null ? " (development certificate at " + devCertificate + ")" : ""),
            "  Health details:     " + HealthDetails(options.Health),
            "Add the first user (from the root of the clone; scripts/idpfed is the admin CLI):",
            "  echo 'Correct horse 1!' | scripts/idpfed user add alice@" + (options.Domains.FirstOrDefault()?.Name ?? "contoso.com") + " --display-name Alice --password-stdin",
            "",
        };
        if (options.Development.TestRelyingParty == true)
        {
            // A newcomer's first sign-in should end on a page they can read, not at Microsoft.
            lines.InsertRange(lines.Count - 1,
            [
                "Try a sign-in (Development only, ends on the test relying party page):",
                "  " + options.PublicBaseUrl.TrimEnd('/') + "/adfs/ls/?wa=wsignin1.0&wtrealm=" + DevelopmentTestRelyingParty.Realm + "&wctx=demo",
            ]);
        }

        Console.Out.WriteLine(string.Join(Environment.NewLine, lines));
    }

    /// <summary>Where an operator reads the check descriptions; anonymous callers get the status only (Idp:Health).</summary>
    private static string HealthDetails(HealthOptions health)
    {
        var ways = new List<string>();
        if (health.ManagementUrl is { Length: > 0 } url)
        {
            ways.Add(url.TrimEnd('/') + "/health/ready");
        }

        if (health.DetailsKeyFile is { Length: > 0 })
        {
            ways.Add("any listener with the bearer key in Idp:Health:DetailsKeyFile");
        }

        return ways.Count == 0 ? "off (anonymous callers get the status only; see Idp:Health)" : string.Join("; ", ways);
    }
}
