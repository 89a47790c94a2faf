using System.CommandLine;
using IdpFederation.Core.Federation;
using IdpFederation.Infrastructure.Federation;
using IdpFederation.Infrastructure.Provisioning;

namespace IdpFederation.Cli;

/// <summary>idpfed federation status: each configured domain as Entra holds it, beside what we would set.</summary>
internal static class FederationStatusCommand
{
    public static Command Create(CliContext context)
    {
        var domains = FederationOptions.Domains();
        var json = new Option<bool>("--json") { Description = "Print JSON instead of text." };
        var command = new Command("status", "Show each domain's authentication type, federation settings, certificates and directory sync as Entra holds them.") { domains, json };
        command.SetAction(context.Run(async (parse, session, ct) =>
        {
            var support = new FederationCliSupport(context, session);
            var targets = support.Targets(parse.GetValue(domains));
            var ours = await support.OursAsync(targets, ct).ConfigureAwait(false);
            var rows = new List<DomainStatus>();
            foreach (var target in targets)
            {
                rows.Add(await ReadAsync(support, target, ours[target.Domain.Name], ct).ConfigureAwait(false));
            }

            if (parse.GetValue(json))
            {
                CliOutput.WriteJson(context.Console.Out, new { domains = rows });
                return;
            }

            CliOutput.WriteTable(context.Console.Out, ["DOMAIN", "AUTHENTICATION", "OUR SETTINGS", "CERTIFICATES ENTRA HOLDS", "DIRECTORY SYNC"],
                rows.Select(r => new[] { r.Domain, r.AuthenticationType, r.Settings, r.Certificates, r.DirectorySync }));
        }, migrateDirectory: false));
        return command;
    }

    private static async Task<DomainStatus> ReadAsync(FederationCliSupport support, FederationTarget target, DomainFederationSettings ours, CancellationToken ct)
    {
        var graph = support.Graph(target);
        using var client = graph.Graph;
        try
        {
            var domain = (await graph.ListDomainsAsync(ct).ConfigureAwait(false)).FirstOrDefault(d => string.Equals(d.Name, target.Domain.Name, StringComparison.OrdinalIgnoreCase));
            var organization = await graph.GetOrganizationAsync(ct).ConfigureAwait(false);
            var sync = organization.OnPremisesSyncEnabled switch { true => "on", false => "off", null => "never enabled" };
            if (domain is null)
            {
                return new DomainStatus(target.Domain.Name, "not in tenant", "-", "-", sync, []);
            }

            var federation = domain.IsFederated ? await graph.GetFederationAsync(domain.Name, ct).ConfigureAwait(false) : null;
            if (federation is null)
            {
                return new DomainStatus(domain.Name, domain.AuthenticationType, domain.IsFederated ? "none in Entra" : "not federated", "-", sync, []);
            }

            var differences = FederationSettingsComparison.Compare(federation.Settings, ours);
            var held = new[] { ("signing", federation.Settings.SigningCertificate), ("next", federation.Settings.NextSigningCertificate) }
                .Where(c => !string.IsNullOrEmpty(c.Item2))
                .Select(c => $"{c.Item1} {FederationSettingsComparison.Thumbprint(c.Item2)}{Ours(c.Item2, ours)}");
            return new DomainStatus(domain.Name, domain.AuthenticationType,
                differences.Count == 0 ? "match" : $"{differences.Count} differ: " + string.Join(", ", differences.Select(d => d.Property)),
                string.Join("; ", held), sync, differences);
        }
        catch (Exception ex) when (GraphFailures.IsGraphFailure(ex) && !ct.IsCancellationRequested)
        {
            return new DomainStatus(target.Domain.Name, "unknown", "Graph failed: " + GraphFailures.Describe(ex), "-", "unknown", []);
        }
    }

    /// <summary>Names a held certificate as ours (current or next) or foreign.</summary>
    private static string Ours(string? held, DomainFederationSettings ours)
    {
        var thumbprint = FederationSettingsComparison.Thumbprint(held);
        return thumbprint == FederationSettingsComparison.Thumbprint(ours.SigningCertificate) ? " (our current)"
            : thumbprint == FederationSettingsComparison.Thumbprint(ours.NextSigningCertificate) ? " (our next)" : " (not ours)";
    }

    private sealed record DomainStatus(string Domain, string AuthenticationType, string Settings, string Certificates, string DirectorySync,
        IReadOnlyList<FederationSettingDifference> Differences);
}
