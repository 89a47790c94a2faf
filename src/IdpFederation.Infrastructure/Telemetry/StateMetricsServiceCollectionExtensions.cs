using IdpFederation.Core.Sessions;
using IdpFederation.Core.SignIn;
using IdpFederation.Core.State;
using Microsoft.Extensions.DependencyInjection;

namespace IdpFederation.Infrastructure.Telemetry;

public static class StateMetricsServiceCollectionExtensions
{
    /// <summary>
    /// Wraps the shared-state stores registered so far (AddIdpSharedState's Redis ones) in timing decorators
    /// (<see cref="RedisMetrics"/>). Decorating at the interfaces keeps the Redis code free of telemetry and measures
    /// what a sign-in waits for: a whole store call, retries and scripts included.
    /// </summary>
    public static IServiceCollection AddSharedStateMetrics(this IServiceCollection services)
    {
        services.AddMetrics();
        services.AddSingleton<RedisMetrics>();
        Decorate<ISessionStore>(services, (inner, metrics) => new InstrumentedSessionStore(inner, metrics));
        Decorate<IPendingSignInStore>(services, (inner, metrics) => new InstrumentedPendingSignInStore(inner, metrics));
        Decorate<ICounterStore>(services, (inner, metrics) => new InstrumentedCounterStore(inner, metrics));
        Decorate<IReplayCache>(services, (inner, metrics) => new InstrumentedReplayCache(inner, metrics));
        return services;
    }

    /// <summary>Replaces the last registration of <typeparamref name="TService"/> (a singleton) with a decorator around it.</summary>
    private static void Decorate<TService>(IServiceCollection services, Func<TService, RedisMetrics, TService> decorate)
        where TService : class
    {
        var index = -1;
        for (var i = services.Count - 1; i >= 0; i--)
        {
            if (services[i].ServiceType == typeof(TService) && !services[i].IsKeyedService)
            {
                index = i;
                break;
            }
        }

        if (index < 0)
        {
            return;
        }

        var original = services[index];
        services[index] = ServiceDescriptor.Singleton<TService>(sp => decorate((TService)Resolve(sp, original), sp.GetRequiredService<RedisMetrics>()));
    }

    private static object Resolve(IServiceProvider services, ServiceDescriptor descriptor) =>
        descriptor.ImplementationInstance
        ?? descriptor.ImplementationFactory?.Invoke(services)
        ?? ActivatorUtilities.CreateInstance(services, descriptor.ImplementationType!);
}
