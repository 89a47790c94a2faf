using IdpFederation.Infrastructure.State.Redis;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IdpFederation.Infrastructure.State.DataProtection;

/// <summary>
/// The key ring in Microsoft.AspNetCore.DataProtection.StackExchangeRedis's repository (one Redis LIST of key XML),
/// over the one <see cref="RedisConnection"/> the rest of the shared state uses, so it follows the same endpoints,
/// Sentinel failovers, credentials, TLS and key prefix ({prefix}dataprotection:keys, see <see cref="RedisKeys"/>).
/// The package's own PersistKeysToStackExchangeRedis needs the connection while services are still being
/// registered; this resolves it from the container instead. Its calls are synchronous (IXmlRepository is), bounded by
/// Idp:State:OperationTimeout through the client's SyncTimeout.
/// </summary>
public static class RedisDataProtectionBuilderExtensions
{
    /// <summary>Stores the key ring in Redis through the <see cref="RedisConnection"/> that AddIdpSharedState registers.</summary>
    public static IDataProtectionBuilder PersistKeysToRedis(this IDataProtectionBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(services =>
        {
            var redis = services.GetRequiredService<RedisConnection>();
            var repository = new RedisXmlRepository(() => redis.Database, redis.Keys.DataProtectionKeys);
            return new ConfigureOptions<KeyManagementOptions>(options => options.XmlRepository = repository);
        });
        return builder;
    }
}
