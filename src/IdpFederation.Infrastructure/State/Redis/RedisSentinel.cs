using System.Net;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace IdpFederation.Infrastructure.State.Redis;

/// <summary>
/// StackExchange.Redis 1.2.6 cannot follow Sentinel by itself, so with serviceName= in the connection string the
/// endpoints are taken as sentinels and asked for the current master, which is then used like a plain endpoint.
/// </summary>
internal static partial class RedisSentinel
{
    public static ConfigurationOptions ResolveMaster(ConfigurationOptions sentinelOptions, ILogger logger)
    {
        var serviceName = sentinelOptions.ServiceName;
        var sentinels = new ConfigurationOptions
        {
            CommandMap = CommandMap.Sentinel,
            TieBreaker = "",
            AbortOnConnectFail = false,
            ConnectTimeout = sentinelOptions.ConnectTimeout,
            SyncTimeout = sentinelOptions.SyncTimeout,
        };
        foreach (var endpoint in sentinelOptions.EndPoints)
        {
            sentinels.EndPoints.Add(endpoint);
        }

        using var connection = ConnectionMultiplexer.Connect(sentinels);
        foreach (var endpoint in sentinels.EndPoints)
        {
            var server = connection.GetServer(endpoint);
            if (!server.IsConnected)
            {
                continue;
            }

            var master = server.SentinelGetMasterAddressByName(serviceName);
            if (master is not null)
            {
                LogResolved(logger, serviceName, master);
                var resolved = sentinelOptions.Clone();
                resolved.ServiceName = null;
                resolved.EndPoints.Clear();
                resolved.EndPoints.Add(master);
                return resolved;
            }
        }

        throw new InvalidOperationException($"No Redis Sentinel answered with a master for service '{serviceName}'.");
    }

    [LoggerMessage(EventId = 5003, Level = LogLevel.Information, Message = "Redis Sentinel: master of {ServiceName} is {EndPoint}")]
    private static partial void LogResolved(ILogger logger, string serviceName, EndPoint endPoint);
}
