using IdpFederation.Core.Configuration;
using IdpFederation.Core.State;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace IdpFederation.Infrastructure.State.Redis;

/// <summary>
/// One multiplexer per process. It never aborts on a failed connect and reconnects in the background, so the IdP
/// starts while Redis is down and resumes by itself when it returns. Every call is bounded by
/// Idp:State:OperationTimeout and surfaces as <see cref="StateStoreUnavailableException"/> when Redis does not answer.
/// </summary>
public sealed partial class RedisConnection : IDisposable
{
    private readonly ConnectionMultiplexer _multiplexer;
    private readonly TimeSpan _timeout;
    private readonly ILogger<RedisConnection> _logger;

    public RedisConnection(StateOptions options, ILogger<RedisConnection> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _logger = logger;
        _timeout = options.OperationTimeout;
        Keys = new RedisKeys(options.KeyPrefix);
        var configuration = RedisConfiguration.Create(options.Redis!, options.OperationTimeout, logger);
        _multiplexer = ConnectionMultiplexer.Connect(configuration);
        _multiplexer.ConnectionFailed += (_, e) => LogConnectionFailed(e.EndPoint, e.FailureType);
        _multiplexer.ConnectionRestored += (_, e) => LogConnectionRestored(e.EndPoint);
    }

    public RedisKeys Keys { get; }

    public IDatabase Database => _multiplexer.GetDatabase();

    public bool IsConnected => _multiplexer.IsConnected;

    /// <summary>Runs one store operation with the configured time limit; Redis failures become one exception type.</summary>
    public async Task<T> RunAsync<T>(Func<IDatabase, Task<T>> operation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operation);
        try
        {
            return await operation(_multiplexer.GetDatabase()).WaitAsync(_timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
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

    public void Dispose() => _multiplexer.Dispose();

    [LoggerMessage(EventId = 5001, Level = LogLevel.Warning, Message = "Redis connection to {EndPoint} failed: {FailureType}")]
    private partial void LogConnectionFailed(System.Net.EndPoint? endPoint, ConnectionFailureType failureType);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Information, Message = "Redis connection to {EndPoint} restored")]
    private partial void LogConnectionRestored(System.Net.EndPoint? endPoint);
}
