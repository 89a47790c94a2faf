using System.Net;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace IdpFederation.Infrastructure.State.Redis;

/// <summary>
/// StackExchange.Redis 1.2.6 cannot follow Sentinel by itself, so with serviceName= in the connection string the
/// endpoints are taken as sentinels. This keeps one connection to them, asks them for the current master, and raises
/// <see cref="MasterSwitchAnnounced"/> when a sentinel publishes +switch-master for the service (Redis Sentinel docs,
/// "Pub/Sub messages"), so <see cref="RedisConnection"/> can move to the new master without a restart.
/// </summary>
internal sealed partial class RedisSentinel : IDisposable
{
    private const string SwitchMasterChannel = "+switch-master";

    private readonly ConfigurationOptions _clientOptions;
    private readonly ConnectionMultiplexer _sentinels;
    private readonly ILogger _logger;

    public RedisSentinel(ConfigurationOptions clientOptions, ILogger logger)
    {
        _clientOptions = clientOptions;
        _logger = logger;
        ServiceName = clientOptions.ServiceName;
        var sentinels = new ConfigurationOptions
        {
            CommandMap = CommandMap.Sentinel,
            TieBreaker = "",
            AbortOnConnectFail = false,
            ConnectTimeout = clientOptions.ConnectTimeout,
            SyncTimeout = clientOptions.SyncTimeout,
            KeepAlive = clientOptions.KeepAlive,
            ReconnectRetryPolicy = clientOptions.ReconnectRetryPolicy,
            ClientName = clientOptions.ClientName,
        };
        foreach (var endpoint in clientOptions.EndPoints)
        {
            sentinels.EndPoints.Add(endpoint);
        }

        _sentinels = ConnectionMultiplexer.Connect(sentinels);
        try
        {
            // Registered even while no sentinel answers; the client subscribes again whenever it reconnects.
            _sentinels.GetSubscriber().Subscribe(SwitchMasterChannel, (_, message) => OnSwitchMaster(message));
        }
        catch (RedisException ex)
        {
            // Not fatal: a failed call on the old master also makes the connection ask the sentinels again.
            LogSubscribeFailed(_logger, ServiceName, ex.GetType().Name);
        }
    }

    /// <summary>Raised on a sentinel's thread; handlers must return quickly.</summary>
    public event Action? MasterSwitchAnnounced;

    public string ServiceName { get; }

    /// <summary>The master the first answering sentinel names, or null when none answers.</summary>
    public EndPoint? ResolveMaster()
    {
        foreach (var endpoint in _sentinels.GetEndPoints())
        {
            var server = _sentinels.GetServer(endpoint);
            if (!server.IsConnected)
            {
                continue;
            }

            try
            {
                if (server.SentinelGetMasterAddressByName(ServiceName) is { } master)
                {
                    LogResolved(_logger, ServiceName, master);
                    return master;
                }
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                // A sentinel that is going away mid-call; the next one may answer.
            }
        }

        return null;
    }

    /// <summary>The client configuration, pointed at <paramref name="master"/> as one plain endpoint.</summary>
    public ConfigurationOptions OptionsFor(EndPoint master)
    {
        var options = _clientOptions.Clone();
        options.ServiceName = null;
        options.EndPoints.Clear();
        options.EndPoints.Add(master);
        return options;
    }

    public void Dispose() => _sentinels.Dispose();

    private void OnSwitchMaster(RedisValue message)
    {
        // "<master name> <old ip> <old port> <new ip> <new port>"; other services may share these sentinels.
        var parts = ((string?)message ?? "").Split(' ');
        if (parts.Length == 5 && string.Equals(parts[0], ServiceName, StringComparison.Ordinal))
        {
            LogSwitchAnnounced(_logger, ServiceName, parts[3] + ":" + parts[4]);
            MasterSwitchAnnounced?.Invoke();
        }
    }

    [LoggerMessage(EventId = 5003, Level = LogLevel.Information, Message = "Redis Sentinel: master of {ServiceName} is {EndPoint}")]
    private static partial void LogResolved(ILogger logger, string serviceName, EndPoint endPoint);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Warning, Message = "Redis Sentinel announced a new master for {ServiceName}: {EndPoint}")]
    private static partial void LogSwitchAnnounced(ILogger logger, string serviceName, string endPoint);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Warning, Message = "Redis Sentinel: could not subscribe to +switch-master for {ServiceName} ({Error}); failovers are noticed on the first failed call instead")]
    private static partial void LogSubscribeFailed(ILogger logger, string serviceName, string error);
}
