using IdpFederation.Core.Provisioning;
using Microsoft.Extensions.DependencyInjection;

namespace IdpFederation.Infrastructure.Persistence.Provisioning;

public static class ProvisioningStoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers the provisioning stores on the directory database: <see cref="IProvisioningOutbox"/>,
    /// <see cref="IProvisioningLease"/>, <see cref="IProvisionedUserLedger"/>, <see cref="IProvisioningRunStore"/>, and
    /// the <see cref="OutboxRecorder"/> the directory writes through. Called by AddIdpDirectory.
    /// </summary>
    public static IServiceCollection AddProvisioningStores(this IServiceCollection services)
    {
        services.AddSingleton<OutboxRecorder>();
        services.AddSingleton<IProvisioningOutbox, EfProvisioningOutbox>();
        services.AddSingleton<IProvisioningLease, EfProvisioningLease>();
        services.AddSingleton<IProvisionedUserLedger, EfProvisionedUserLedger>();
        services.AddSingleton<IProvisioningRunStore, EfProvisioningRunStore>();
        return services;
    }
}
