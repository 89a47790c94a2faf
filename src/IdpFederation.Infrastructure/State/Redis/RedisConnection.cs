using System.Threading.Channels;
using IdpFederation.Core.Configuration;
using IdpFederation.Core.State;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace IdpFederation.Infrastructure.State.Redis;

/// <summary>
/// One multiplexer per process. It never aborts on a failed connect and reconnects in the background, so the IdP
/// starts while Redis is down and resumes by itself when it returns. Every call is bounded by
/// Idp:State:OperationTimeout and surfaces as <see cref="StateStoreUnavailableException"/> when Redis does not answer.
/// Behind Sentinel it follows failovers: a +switch-master announcement or any failed call makes it ask the sentinels
/// for the master again, and when that has changed it connects there and retires the old multiplexer.
/// </summary>
public sealed partial class RedisConnection : IDisposable
{
    private readonly TimeSpan _timeout;
    private readonly ILogger<RedisConnection> _logger;
    private readonly RedisSentinel? _sentinel;
    private readonly Channel<bool> _resolveRequests = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly CancellationTokenSource _stopping = new();
    private volatile Connected? _current;

    public RedisConnection(StateOptions options, ILogger<RedisConnection> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _logger = logger;
        _timeout = options.OperationTimeout;
        Keys = new RedisKeys(options.KeyPrefix);
        var configuration = RedisConfiguration.Create(options.Redis!, options.OperationTimeout);
        if (string.IsNullOrEmpty(configuration.ServiceName))
        {
            _current = new Connected(Open(configuration), null);
            return;
        }

        _sentinel = new RedisSentinel(configuration, logger);
        _sentinel.MasterSwitchAnnounced += RequestMasterCheck;
        if (_sentinel.ResolveMaster() is { } master)
        {
            _current = new Connected(Open(_sentinel.OptionsFor(master)), master);
        }
        else
        {
            // Start anyway, like a plain endpoint that is down: calls fail with 503 until a sentinel names a master.
            LogNoMaster(_sentinel.ServiceName);
        }

        _ = FollowMasterAsync(_stopping.Token);
    }

    public RedisKeys Keys { get; }

    public IDatabase Database => Multiplexer.GetDatabase();

    public bool IsConnected => _current?.Multiplexer.IsConnected ?? false;

    private ConnectionMultiplexer Multiplexer => _current?.Multiplexer
        ?? throw new StateStoreUnavailableException($"No Redis Sentinel has named a master for '{_sentinel?.ServiceName}' yet.");

    /// <summary>Runs one store operation with the configured time limit; Redis failures become one exception type.</summary>
    public async Task<T> RunAsync<T>(Func<IDatabase, Task<T>> operation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operation);
        try
        {
            return await operation(Database).WaitAsync(_timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (StateStoreUnavailableException)
        {
            ReportFailure();
            throw;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            ReportFailure();
            throw new StateStoreUnavailableException("Redis did not answer: " + ex.GetType().Name, ex);
        }
    }

    public Task RunAsync(Func<IDatabase, Task> operation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return RunAsync(async db =>
        {
            await operation(db).ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }

    /// <summary>
    /// Called by anything that used <see cref="Database"/> directly and saw it fail: behind Sentinel the failure may be
    /// a failover, so the sentinels are asked again (in the background; the caller still fails fast).
    /// </summary>
    internal void ReportFailure() => RequestMasterCheck();

    public void Dispose()
    {
        _stopping.Cancel();
        _resolveRequests.Writer.TryComplete();
        _sentinel?.Dispose();
        if (_current is { } current)
        {
            Retire(current.Multiplexer);
        }

        _stopping.Dispose();
    }

    private ConnectionMultiplexer Open(ConfigurationOptions configuration)
    {
        var multiplexer = ConnectionMultiplexer.Connect(configuration);
        // 1.x completes replies one at a time on a single worker by default; no caller here depends on reply order
        // across requests, and that worker was the limit on throughput (docs/benchmarks.md).
        multiplexer.PreserveAsyncOrder = false;
        multiplexer.ConnectionFailed += OnConnectionFailed;
        multiplexer.ConnectionRestored += OnConnectionRestored;
        return multiplexer;
    }

    /// <summary>Closes a multiplexer no longer in use without logging its closing sockets as failures.</summary>
    private void Retire(ConnectionMultiplexer multiplexer)
    {
        multiplexer.ConnectionFailed -= OnConnectionFailed;
        multiplexer.ConnectionRestored -= OnConnectionRestored;
        multiplexer.Dispose();
    }

    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs e) => LogConnectionFailed(e.EndPoint, e.FailureType);

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e) => LogConnectionRestored(e.EndPoint);

    [LoggerMessage(EventId = 5001, Level = LogLevel.Warning, Message = "Redis connection to {EndPoint} failed: {FailureType}")]
    private partial void LogConnectionFailed(System.Net.EndPoint? endPoint, ConnectionFailureType failureType);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Information, Message = "Redis connection to {EndPoint} restored")]
    private partial void LogConnectionRestored(System.Net.EndPoint? endPoint);
}
