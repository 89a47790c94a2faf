using System.Diagnostics.Metrics;
using IdpFederation.Core.Auditing;
using IdpFederation.Infrastructure.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IdpFederation.Infrastructure.Auditing;

public static class AuditServiceCollectionExtensions
{
    /// <summary>Puts <see cref="BufferedAuditLog"/> in front of the database audit log; for long-running hosts only.</summary>
    public static IServiceCollection AddBufferedAuditLog(this IServiceCollection services)
    {
        services.TryAddSingleton<EfAuditLog>();
        services.AddSingleton(sp => new BufferedAuditLog(sp.GetRequiredService<EfAuditLog>(), sp.GetRequiredService<ILogger<BufferedAuditLog>>(),
            sp.GetService<IMeterFactory>()));
        services.AddSingleton<IAuditLog>(sp => sp.GetRequiredService<BufferedAuditLog>());
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<BufferedAuditLog>());
        return services;
    }
}
