using IdpFederation.Core.Configuration;
using IdpFederation.Infrastructure.Configuration;
using StackExchange.Redis;

namespace IdpFederation.Infrastructure.State.Redis;

/// <summary>
/// Builds the client configuration from Idp:State (already checked by IdpOptionsValidator): fail fast, keep
/// reconnecting, never abort on start. Files and the password are read here, once, and a file that cannot be used
/// stops start-up with one line naming its setting (<see cref="InvalidDataException"/>), never quoting a secret.
/// </summary>
internal static class RedisConfiguration
{
    public static ConfigurationOptions Create(StateOptions state, IdpPaths? paths, RedisServerCertificateCheck? certificateCheck,
        Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(state);
        ConfigurationOptions options;
        try
        {
            options = ConfigurationOptions.Parse(state.Redis!);
        }
        catch (ArgumentException)
        {
            // The parser's message echoes the offending token; keep whatever the string holds out of the logs.
            throw new InvalidDataException("Idp:State:Redis is not a valid StackExchange.Redis connection string (comma-separated host:port endpoints).");
        }

        var operation = (int)state.OperationTimeout.TotalMilliseconds;
        options.AbortOnConnectFail = false;
        // SyncTimeout bounds the synchronous calls Data Protection's key repository makes; async calls are bounded by
        // RedisConnection with WaitAsync, as the client's docs advise ("Async timeouts and cancellation"), and
        // AsyncTimeout lets the client drop what a caller stopped waiting for.
        options.SyncTimeout = operation;
        options.AsyncTimeout = operation;
        options.ConnectTimeout = (int)state.RedisConnectTimeout.TotalMilliseconds;
        // While no connection is up, fail a call at once instead of queueing it until the timeout: a request gets the
        // 503 page without tying up a thread, and the failure carries its cause (say, a refused password) rather than
        // "timed out in the backlog". Reconnecting goes on in the background either way.
        options.BacklogPolicy = BacklogPolicy.FailFast;
        options.ConnectRetry = 1;
        options.KeepAlive = 5;
        options.ReconnectRetryPolicy = new LinearRetry(500);
        options.ClientName ??= "idpfederation";
        // Exception texts would otherwise carry key names, and session index keys contain user principal names.
        options.IncludeDetailInExceptions = false;
        options.ServiceName = state.RedisSentinelServiceName;
        options.User = state.RedisUser;
        options.Password = RedisSecretFiles.ReadPassword(state, paths, environment ?? Environment.GetEnvironmentVariable);
        options.Ssl = state.RedisTls;
        if (certificateCheck is not null)
        {
            options.CertificateValidation += certificateCheck.Validate;
        }

        if (!string.IsNullOrWhiteSpace(state.RedisClientCertificateFile))
        {
            RedisSecretFiles.UseClientCertificate(options, state, paths);
        }

        return options;
    }
}
