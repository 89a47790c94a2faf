using System.Security.Cryptography.X509Certificates;
using IdpFederation.Core.Configuration;
using IdpFederation.Core.Federation;
using IdpFederation.Infrastructure.Provisioning;
using IdpFederation.Infrastructure.Provisioning.Graph;
using Microsoft.Extensions.Options;

namespace IdpFederation.Infrastructure.Federation;

/// <summary>
/// The certificates Entra holds for the configured domains that are federated with us, read and set through each
/// domain's Graph connection (entra-federation.md §7: Entra must be given the next certificate on every domain that
/// uses it). A domain federated with another IdP, or still Managed, is left alone.
/// </summary>
public sealed class EntraFederationCertificates(IOptionsMonitor<IdpOptions> options, GraphClients clients) : IEntraFederationCertificates
{
    public async Task<IReadOnlyList<EntraDomainCertificates>> ReadAsync(CancellationToken cancellationToken)
    {
        var held = new List<EntraDomainCertificates>();
        foreach (var (graph, domain, federation) in await FederatedWithUsAsync(cancellationToken).ConfigureAwait(false))
        {
            using (graph.Graph)
            {
                held.Add(new EntraDomainCertificates(domain, FederationSettingsComparison.Thumbprint(federation.Settings.SigningCertificate),
                    FederationSettingsComparison.Thumbprint(federation.Settings.NextSigningCertificate)));
            }
        }

        return held;
    }

    public async Task<IReadOnlyList<CertificatePushResult>> PushAsync(X509Certificate2 signing, X509Certificate2? nextSigning, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(signing);
        var wanted = DomainFederationSettings.None with
        {
            SigningCertificate = Convert.ToBase64String(signing.RawData),
            NextSigningCertificate = nextSigning is null ? null : Convert.ToBase64String(nextSigning.RawData),
        };
        var results = new List<CertificatePushResult>();
        foreach (var (graph, domain, federation) in await FederationsOrFailuresAsync(results, cancellationToken).ConfigureAwait(false))
        {
            using (graph.Graph)
            {
                var differences = FederationSettingsComparison.Compare(federation.Settings, wanted)
                    .Where(d => d.Property is "signingCertificate" or "nextSigningCertificate").ToList();
                try
                {
                    if (differences.Count > 0)
                    {
                        await graph.UpdateFederationAsync(domain, federation.Id, FederationSettingsMapping.Changes(wanted, differences), cancellationToken).ConfigureAwait(false);
                    }

                    results.Add(new CertificatePushResult(domain, null));
                }
                catch (Exception ex) when (GraphFailures.IsGraphFailure(ex) && !cancellationToken.IsCancellationRequested)
                {
                    results.Add(new CertificatePushResult(domain, GraphFailures.Describe(ex)));
                }
            }
        }

        return results;
    }

    private async Task<List<(GraphFederationClient Graph, string Domain, EntraFederation Federation)>> FederatedWithUsAsync(CancellationToken cancellationToken)
    {
        var failures = new List<CertificatePushResult>();
        var found = await FederationsOrFailuresAsync(failures, cancellationToken).ConfigureAwait(false);
        if (failures.Count > 0)
        {
            foreach (var (graph, _, _) in found)
            {
                graph.Graph.Dispose();
            }

            // Rollover must not promote on a partial read: a domain we could not read might not hold the new certificate.
            throw new InvalidOperationException("Entra could not be read for " + string.Join("; ", failures.Select(f => $"{f.Domain}: {f.Error}")));
        }

        return found;
    }

    /// <summary>Each configured root domain federated with us, with a Graph client the caller disposes; read failures go to <paramref name="failures"/>.</summary>
    private async Task<List<(GraphFederationClient Graph, string Domain, EntraFederation Federation)>> FederationsOrFailuresAsync(
        List<CertificatePushResult> failures, CancellationToken cancellationToken)
    {
        var current = options.CurrentValue;
        var found = new List<(GraphFederationClient, string, EntraFederation)>();
        var passive = current.PublicBaseUrl.TrimEnd('/') + FederationEndpointPaths.Passive;
        foreach (var target in FederationTargets.Select(current, [], requireTenant: false))
        {
            var graph = new GraphFederationClient(clients.Create(target.Tenant, GraphPriority.Normal));
            try
            {
                var federation = await graph.GetFederationAsync(target.Domain.Name, cancellationToken).ConfigureAwait(false);
                if (federation is not null && string.Equals(federation.Settings.PassiveSignInUri, passive, StringComparison.OrdinalIgnoreCase))
                {
                    found.Add((graph, target.Domain.Name, federation));
                    continue;
                }
            }
            catch (Exception ex) when (GraphFailures.IsGraphFailure(ex) && !cancellationToken.IsCancellationRequested)
            {
                failures.Add(new CertificatePushResult(target.Domain.Name, GraphFailures.Describe(ex)));
            }

            graph.Graph.Dispose();
        }

        return found;
    }
}
