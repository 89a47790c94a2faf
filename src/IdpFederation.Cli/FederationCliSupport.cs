using IdpFederation.Core.Auditing;
using IdpFederation.Core.Tokens.Rollover;
using IdpFederation.Infrastructure.Certificates.Rollover;
using Microsoft.Extensions.Logging.Abstractions;
using IdpFederation.Core.Federation;
using IdpFederation.Core.Provisioning;
using IdpFederation.Infrastructure.Federation;
using IdpFederation.Infrastructure.Provisioning.Graph;

namespace IdpFederation.Cli;

/// <summary>What the federation commands share: the domains chosen, our settings for each, and a Graph client per domain.</summary>
internal sealed class FederationCliSupport(CliContext context, CliSession session)
{
    /// <summary>Who ran the command, for the audit log: the operating-system account and host.</summary>
    public static string Actor => $"{Environment.UserName}@{Environment.MachineName} (idpfed)";

    public IReadOnlyList<FederationTarget> Targets(string[]? domains)
    {
        try
        {
            return FederationTargets.Select(session.Options, domains ?? []);
        }
        catch (FederationTargetException ex)
        {
            throw new CliRefusedException(ex.Message);
        }
    }

    /// <summary>
    /// Our settings for every target, with the certificates the server signs with and publishes now: the managed
    /// (rolled-over) ones when there are, so apply never pushes back a certificate a rollover retired.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, DomainFederationSettings>> OursAsync(IReadOnlyList<FederationTarget> targets, CancellationToken cancellationToken)
    {
        var configured = CliSigningCertificates.Load(session);
        using var keys = new RotatingSigningKeyStore(configured, session.Get<ISigningCertificateStore>(), TimeProvider.System, NullLogger<RotatingSigningKeyStore>.Instance);
        try
        {
            await keys.RefreshAsync(cancellationToken).ConfigureAwait(false);
            var set = keys.Keys;
            return targets.ToDictionary(t => t.Domain.Name,
                t => FederationSettingsBuilder.Build(session.Options, t.Domain, set.Current, set.Secondary, activeEndpoints: false), StringComparer.OrdinalIgnoreCase);
        }
        finally
        {
            configured.Current.Dispose();
            configured.Next?.Dispose();
        }
    }

    public GraphFederationClient Graph(FederationTarget target) => Graph(target.Tenant);

    public GraphFederationClient Graph(IdpFederation.Core.Configuration.ProvisioningTenantOptions tenant) =>
        new(new GraphClients(session.Paths, TimeProvider.System) { Transport = context.GraphTransport }.Create(tenant, GraphPriority.Normal));

    public FederationChecker Checker() => new(session.Get<IdpFederation.Core.Directory.IUserDirectory>(), session.Get<IProvisionedUserLedger>(),
        new FederationEndpointProbe(CliContext.ProbeClient), TimeProvider.System);

    public FederationApplier Applier() => new(session.Get<IAuditLog>(), TimeProvider.System);
}
