using IdpFederation.Infrastructure.Configuration;
using IdpFederation.Infrastructure.Provisioning.Graph;
using IdpFederation.Infrastructure.Provisioning.Live;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace IdpFederation.Infrastructure.Provisioning;

public static class ProvisioningServiceCollectionExtensions
{
    /// <summary>
    /// The Graph clients, the full-sync runner and the live pusher, for the server and the CLI alike. Needs
    /// AddIdpOptions and AddIdpDirectory (which registers the provisioning stores) first. The background loops (live
    /// mode and the schedule) are added by <see cref="AddIdpProvisioningWorkers"/>, in the server only.
    /// </summary>
    public static IServiceCollection AddIdpProvisioning(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new GraphClients(sp.GetRequiredService<IdpPaths>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<ProvisioningRunner>();
        services.TryAddSingleton<LiveChangePusher>();
        services.TryAddSingleton<DeltaDriftRepair>();
        services.TryAddSingleton<Import.CloudImporter>();
        // Certificate rollover asks Entra, through each domain's Graph connection, which certificates it holds.
        services.TryAddSingleton<IdpFederation.Core.Federation.IEntraFederationCertificates, Federation.EntraFederationCertificates>();
        return services;
    }

    public static IServiceCollection AddIdpProvisioningWorkers(this IServiceCollection services)
    {
        services.AddIdpProvisioning();
        services.AddHostedService<OutboxDrainer>();
        services.AddHostedService<ScheduledSync>();
        return services;
    }
}
