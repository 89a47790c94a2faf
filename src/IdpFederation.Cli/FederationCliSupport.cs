using IdpFederation.Core.Auditing;
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

    /// <summary>Our settings for every target, with the signing certificates the server publishes.</summary>
    public IReadOnlyDictionary<string, DomainFederationSettings> Ours(IReadOnlyList<FederationTarget> targets)
    {
        var certificates = CliSigningCertificates.Load(session);
        try
        {
            return targets.ToDictionary(t => t.Domain.Name,
                t => FederationSettingsBuilder.Build(session.Options, t.Domain, certificates.Current, certificates.Next, activeEndpoints: false), StringComparer.OrdinalIgnoreCase);
        }
        finally
        {
            certificates.Current.Dispose();
            certificates.Next?.Dispose();
        }
    }

    public GraphFederationClient Graph(FederationTarget target) =>
        new(new GraphClients(session.Paths, TimeProvider.System) { Transport = context.GraphTransport }.Create(target.Tenant, GraphPriority.Normal));

    public FederationChecker Checker() => new(session.Get<IdpFederation.Core.Directory.IUserDirectory>(), session.Get<IProvisionedUserLedger>(),
        new FederationEndpointProbe(CliContext.ProbeClient), TimeProvider.System);

    public FederationApplier Applier() => new(session.Get<IAuditLog>(), TimeProvider.System);
}
