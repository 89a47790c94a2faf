using StackExchange.Redis;

namespace IdpFederation.Infrastructure.State.Redis;

/// <summary>Builds the client configuration: fail fast, keep reconnecting, never abort on start.</summary>
internal static class RedisConfiguration
{
    public static ConfigurationOptions Create(string connectionString, TimeSpan operationTimeout)
    {
        ConfigurationOptions options;
        try
        {
            options = ConfigurationOptions.Parse(connectionString);
        }
        catch (ArgumentException)
        {
            // The parser's message can echo the string, password included.
            throw new InvalidOperationException("Idp:State:Redis is not a valid StackExchange.Redis connection string.");
        }

        var milliseconds = (int)Math.Clamp(operationTimeout.TotalMilliseconds, 50, 30_000);
        options.AbortOnConnectFail = false;
        options.SyncTimeout = milliseconds;
        options.ResponseTimeout = milliseconds;
        options.ConnectTimeout = Math.Max(milliseconds, 2000);
        options.ConnectRetry = 1;
        options.KeepAlive = 5;
        options.ReconnectRetryPolicy = new LinearRetry(500);
        options.ClientName ??= "idpfederation";
        // With serviceName= the endpoints are sentinels; RedisConnection asks them for the master (RedisSentinel).
        return options;
    }
}
