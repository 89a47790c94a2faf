using IdpFederation.Infrastructure.State.Redis;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace IdpFederation.Infrastructure.State.DataProtection;

/// <summary>
/// Our own PersistKeysToRedis: Microsoft.AspNetCore.DataProtection.StackExchangeRedis needs StackExchange.Redis 2.x,
/// which the package source here does not serve, and reusing the one <see cref="RedisConnection"/> keeps the key ring
/// under the same endpoints, key prefix and time limit as the rest of the shared state.
/// </summary>
public static class RedisDataProtectionBuilderExtensions
{
    /// <summary>Stores the key ring in Redis through the <see cref="RedisConnection"/> that AddIdpSharedState registers.</summary>
    public static IDataProtectionBuilder PersistKeysToRedis(this IDataProtectionBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(services =>
        {
            var loggers = services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;
            var repository = new RedisXmlRepository(services.GetRequiredService<RedisConnection>(), loggers.CreateLogger<RedisXmlRepository>());
            return new ConfigureOptions<KeyManagementOptions>(options => options.XmlRepository = repository);
        });
        return builder;
    }
}
