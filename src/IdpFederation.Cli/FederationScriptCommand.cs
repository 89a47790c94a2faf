using System.CommandLine;
using IdpFederation.Core.Federation;
using IdpFederation.Infrastructure.Federation;

namespace IdpFederation.Cli;

/// <summary>
/// idpfed federation script: writes the Microsoft Graph PowerShell that federates the configured domains with our
/// values, or reverts them to Managed, for admins who prefer to run it themselves (entra-federation.md §5.5).
/// </summary>
internal static class FederationScriptCommand
{
    public static Command Create(CliContext context)
    {
        var domain = new Option<string[]>("--domain") { Description = "A domain under Idp:Domains; repeat for several. Default: every configured domain but subdomains, which follow their parent." };
        var revert = new Option<bool>("--revert") { Description = "Make Revert (back to Managed, cloud passwords) the prompt's default instead of Federate." };
        var output = new Option<string?>("--output") { Description = "Write the script to this file instead of standard output." };
        var force = new Option<bool>("--force") { Description = "Overwrite the --output file when it exists." };
        var command = new Command("script", "Write the PowerShell that federates the domains with this IdP, or reverts them; it asks which when run.")
        {
            domain, revert, output, force,
        };
        command.SetAction(context.Run((parse, session, ct) =>
        {
            var options = session.Options;
            var selection = FederationDomainSelection.Select(options, parse.GetValue(domain) ?? []);
            var tenant = selection.Tenant(options);
            var path = parse.GetValue(output) is { } given ? Path.GetFullPath(given) : null;
            if (path is not null && File.Exists(path) && !parse.GetValue(force))
            {
                throw new CliRefusedException($"'{path}' exists: pass --force to overwrite it.");
            }

            var certificates = CliSigningCertificates.Load(session);
            string script;
            try
            {
                script = FederationScriptWriter.Write(new FederationScriptRequest
                {
                    // activeEndpoints: false until WS-Trust is served (issue 14): rich clients then use the browser.
                    Domains = selection.Domains
                        .Select(d => new FederationScriptDomain(d.Name, FederationSettingsBuilder.Build(options, d, certificates.Current, certificates.Next, activeEndpoints: false)))
                        .ToList(),
                    TenantId = tenant?.TenantId,
                    GraphBaseUrl = tenant?.GraphBaseUrl,
                    RevertByDefault = parse.GetValue(revert),
                    FollowingSubdomains = selection.Following,
                    GeneratedAt = TimeProvider.System.GetUtcNow(),
                });
            }
            finally
            {
                certificates.Current.Dispose();
                certificates.Next?.Dispose();
            }

            if (path is null)
            {
                context.Console.Out.Write(script);
                return Task.CompletedTask;
            }

            File.WriteAllText(path, script);
            context.Console.Out.WriteLine(
                $"Wrote {path}: run it with pwsh as a Domain Name Administrator or Hybrid Identity Administrator, signed in with an account on a domain that is not federated (onmicrosoft.com).");
            return Task.CompletedTask;
        }, migrateDirectory: false));
        return command;
    }
}
