using IdpFederation.Core.Configuration;
using IdpFederation.Infrastructure.State.Redis;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace IdpFederation.Tests.State;

/// <summary>
/// Reads IDPFED_TEST_REDIS (host:port of a disposable redis-server; scripts/test.sh starts one) and
/// IDPFED_REDIS_SERVER (the redis-server binary, for tests that stop and start their own). Without IDPFED_TEST_REDIS
/// the Redis tests fail, so CI cannot pass by silently not testing Redis, unless IDPFED_SKIP_REDIS=1.
/// </summary>
public static class RedisTestEnvironment
{
    public const string EndpointVariable = "IDPFED_TEST_REDIS";
    public const string ServerBinaryVariable = "IDPFED_REDIS_SERVER";
    public const string SkipVariable = "IDPFED_SKIP_REDIS";

    public static string? Endpoint =>
        Environment.GetEnvironmentVariable(EndpointVariable) is { Length: > 0 } value ? value : null;

    /// <summary>Why Redis tests are skipped, or null when they run (or must fail for lack of a server).</summary>
    public static string? SkipReason =>
        Endpoint is null && Environment.GetEnvironmentVariable(SkipVariable) == "1"
            ? $"{SkipVariable}=1 and {EndpointVariable} is not set."
            : null;

    public static string RequireEndpoint() => Endpoint ?? throw new InvalidOperationException(
        $"{EndpointVariable} is not set. Start a disposable redis-server (e.g. 'redis-server --port 6391 --save \"\" " +
        $"--appendonly no') and set {EndpointVariable}=127.0.0.1:6391, run scripts/test.sh, or set {SkipVariable}=1 " +
        "to skip the Redis tests.");

    public static string RequireServerBinary()
    {
        var configured = Environment.GetEnvironmentVariable(ServerBinaryVariable);
        if (!string.IsNullOrEmpty(configured) && File.Exists(configured))
        {
            return configured;
        }

        foreach (var candidate in new[] { "/usr/bin/redis-server", "/usr/local/bin/redis-server" })
        {
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException(
            $"{ServerBinaryVariable} is not set and no redis-server was found. Install redis-server (apt-get install redis-server), " +
            $"run scripts/test.sh, or set {SkipVariable}=1 to skip the Redis tests.");
    }

    /// <summary>A key prefix no other test uses, so classes running in parallel on one Redis never see each other's keys.</summary>
    public static string UniquePrefix(string owner) => $"idpfed-test:{owner}:{Guid.NewGuid():N}:";

    /// <summary>A connection as the server builds it, on the shared test Redis, with its own key prefix.</summary>
    public static RedisConnection Connect(string keyPrefix, TimeSpan? operationTimeout = null, string? endpoint = null) =>
        new(new StateOptions
        {
            Redis = endpoint ?? RequireEndpoint(),
            KeyPrefix = keyPrefix,
            // Generous: the suite runs many classes in parallel on two cores; fault tests set their own.
            OperationTimeout = operationTimeout ?? TimeSpan.FromSeconds(5),
        }, NullLogger<RedisConnection>.Instance);

    /// <summary>Deletes every key under <paramref name="keyPrefix"/> (test data only; KEYS is fine on a test server).</summary>
    public static Task DeleteKeysAsync(IDatabase database, string keyPrefix)
    {
        ArgumentNullException.ThrowIfNull(database);
        return database.ScriptEvaluateAsync(
            "local n = 0 for _, k in ipairs(redis.call('KEYS', ARGV[1])) do n = n + redis.call('DEL', k) end return n",
            values: [keyPrefix.Replace("*", "\\*", StringComparison.Ordinal) + "*"]);
    }
}
