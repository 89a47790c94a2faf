using IdpFederation.Core.Configuration;
using IdpFederation.Core.Sessions;
using IdpFederation.Core.SignIn;
using IdpFederation.Core.State;
using IdpFederation.Infrastructure.Configuration;
using IdpFederation.Infrastructure.State.Redis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IdpFederation.Infrastructure.State;

public static class StateServiceCollectionExtensions
{
    /// <summary>
    /// Redis when Idp:State:Redis is set, else nothing (Core's in-memory stores apply). Decided once at start-up:
    /// moving between in-memory and Redis changes where sessions live, which needs a restart anyway.
    /// </summary>
    public static bool AddIdpSharedState(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var redis = configuration[$"{IdpOptions.SectionName}:State:Redis"];
        if (string.IsNullOrWhiteSpace(redis))
        {
            return false;
        }

        // Reads the password and certificate files (relative to the config directory) when first resolved, at start-up.
        services.AddSingleton(sp => new RedisConnection(
            sp.GetRequiredService<IOptions<IdpOptions>>().Value.State, sp.GetRequiredService<IdpPaths>(), sp.GetRequiredService<ILogger<RedisConnection>>()));
        services.AddSingleton<ISessionStore, RedisSessionStore>();
        services.AddSingleton<IPendingSignInStore, RedisPendingSignInStore>();
        services.AddSingleton<IReplayCache, RedisReplayCache>();
        services.AddSingleton<ICounterStore, RedisCounterStore>();
        services.AddSingleton<IStateStoreHealth, RedisStateHealth>();
        return true;
    }
}
