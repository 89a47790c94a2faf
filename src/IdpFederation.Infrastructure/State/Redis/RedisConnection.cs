using System.Diagnostics;
using IdpFederation.Core.Configuration;
using IdpFederation.Core.State;
using IdpFederation.Infrastructure.Configuration;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace IdpFederation.Infrastructure.State.Redis;

/// <summary>
/// One multiplexer per process. It never aborts on a failed connect and reconnects in the background, so the IdP
/// starts while Redis is down and resumes by itself when it returns. Every call is bounded by
/// Idp:State:OperationTimeout and surfaces as <see cref="StateStoreUnavailableException"/> when Redis does not answer.
/// Behind Sentinel (Idp:State:RedisSentinelServiceName) the client asks the sentinels for the master and follows their
/// +switch-master announcements itself (StackExchange.Redis docs, "Configuration": serviceName).
/// </summary>
public sealed partial class RedisConnection : IDisposable
{
    private readonly TimeSpan _timeout;
    private readonly ILogger<RedisConnection> _logger;
    private readonly ConnectionMultiplexer _multiplexer;
    private readonly StateOptions _options;
    private readonly RedisServerCertificateCheck? _certificateCheck;

    public RedisConnection(StateOptions options, ILogger<RedisConnection> logger)
        : this(options, paths: null, logger)
    {
    }

    /// <param name="paths">Resolves the Redis files relative to the config directory; null takes them as given.</param>
    /// <param name="environment">Reads IDPFED_REDIS_PASSWORD; the process environment when null.</param>
    /// <exception cref="InvalidDataException">A Redis file cannot be used, or Redis refused the credentials or TLS at start-up.</exception>
    public RedisConnection(StateOptions options, IdpPaths? paths, ILogger<RedisConnection> logger, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _logger = logger;
        _timeout = options.OperationTimeout;
        Keys = new RedisKeys(options.KeyPrefix);
        if (options.RedisTls)
        {
            _certificateCheck = new RedisServerCertificateCheck(string.IsNullOrWhiteSpace(options.RedisCaFile)
                ? null
                : RedisSecretFiles.ReadCertificateAuthority(options.RedisCaFile, paths));
        }

        _multiplexer = ConnectionMultiplexer.Connect(RedisConfiguration.Create(options, paths, _certificateCheck, environment));
        _multiplexer.ConnectionFailed += OnConnectionFailed;
        _multiplexer.ConnectionRestored += OnConnectionRestored;
        _multiplexer.ConfigurationChanged += OnConfigurationChanged;
        if (!_multiplexer.IsConnected)
        {
            RefuseOrWait();
        }
    }

    public RedisKeys Keys { get; }

    public IDatabase Database => _multiplexer.GetDatabase();

    public bool IsConnected => _multiplexer.IsConnected;

    /// <summary>Runs one store operation with the configured time limit; Redis failures become one exception type.</summary>
    /// <param name="name">What the operation is, for the idpfed.redis.* metrics (never a key or a user).</param>
    public async Task<T> RunAsync<T>(string name, Func<IDatabase, Task<T>> operation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var started = Stopwatch.GetTimestamp();
        try
        {
            // The client's own advice for async calls ("Async timeouts and cancellation"): WaitAsync with the caller's limit.
            var result = await operation(Database).WaitAsync(_timeout, cancellationToken).ConfigureAwait(false);
            RedisMetrics.RecordDuration(name, started);
            return result;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            RedisMetrics.RecordFailure(name, started, ex);
            throw new StateStoreUnavailableException($"{Target} did not answer: {Describe(ex)}", ex);
        }
    }

    public Task RunAsync(string name, Func<IDatabase, Task> operation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return RunAsync(name, async db =>
        {
            await operation(db).ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }

    public void Dispose()
    {
        _multiplexer.ConnectionFailed -= OnConnectionFailed;
        _multiplexer.ConnectionRestored -= OnConnectionRestored;
        _multiplexer.ConfigurationChanged -= OnConfigurationChanged;
        _multiplexer.Dispose();
    }

    /// <summary>
    /// Not connected right after start: a refusal (wrong password, a certificate that fails the CA check) will not
    /// fix itself, so start-up stops with the reason; anything else (Redis down, no sentinel yet) only delays readiness.
    /// </summary>
    private void RefuseOrWait()
    {
        try
        {
            _multiplexer.GetDatabase().Ping();
            return;
        }
        catch (RedisConnectionException ex) when (FailureOf(ex) == ConnectionFailureType.AuthenticationFailure)
        {
            var reason = Describe(ex);
            Dispose();
            throw new InvalidDataException($"Idp:State: {Target} refused the connection: {reason}.", ex);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            LogUnavailableAtStart(Target, Describe(ex));
        }
    }

    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs e) =>
        LogConnectionFailed(e.EndPoint, e.FailureType, e.Exception is null ? "" : Describe(e.Exception));

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e) => LogConnectionRestored(e.EndPoint);

    private void OnConfigurationChanged(object? sender, EndPointEventArgs e) => LogConfigurationChanged(e.EndPoint);

    [LoggerMessage(EventId = 5001, Level = LogLevel.Warning, Message = "Redis connection to {EndPoint} failed ({FailureType}): {Reason}")]
    private partial void LogConnectionFailed(System.Net.EndPoint? endPoint, ConnectionFailureType failureType, string reason);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Information, Message = "Redis connection to {EndPoint} restored")]
    private partial void LogConnectionRestored(System.Net.EndPoint? endPoint);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Information, Message = "Redis client re-read the topology after a change at {EndPoint} (a reconnect, a role change or a Sentinel failover)")]
    private partial void LogConfigurationChanged(System.Net.EndPoint? endPoint);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Warning, Message = "{Target} is not reachable at start-up ({Reason}); shared state is unavailable until it is, and the client keeps trying")]
    private partial void LogUnavailableAtStart(string target, string reason);
}
