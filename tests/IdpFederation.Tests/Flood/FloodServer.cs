using System.Text.Json.Nodes;
using IdpFederation.Infrastructure.State.Redis;
using IdpFederation.Tests.Policies;
using IdpFederation.Tests.State;

namespace IdpFederation.Tests.Flood;

/// <summary>
/// A real server (child process) with the flood limits under test, trusting 127.0.0.1 as a proxy so tests choose
/// client addresses, with alice, bob and mallory in the directory; with <c>redis: true</c> its state is in the test
/// Redis under a prefix of its own, which <see cref="RedisKeysAsync"/> measures.
/// </summary>
public sealed class FloodServer : IAsyncDisposable
{
    public const string Password = PolicyServerFixture.Password;
    private readonly PolicyServer _server;

    private FloodServer(PolicyServer server, string? redisPrefix)
    {
        _server = server;
        RedisPrefix = redisPrefix;
    }

    public string? RedisPrefix { get; }
    public string BaseUrl => _server.BaseUrl;
    public IdpFederation.Tests.Server.IdpServerProcess Process => _server.Server;
    public IdpFederation.Tests.Server.TestIdpEnvironment Environment => _server.Environment;

    public static async Task<FloodServer> StartAsync(int permitLimit, TimeSpan window, int maxPendingSignIns, bool redis, string? redisPrefix = null)
    {
        redisPrefix = redis ? redisPrefix ?? RedisTestEnvironment.UniquePrefix("flood") : null;
        var endpoint = redis ? RedisTestEnvironment.RequireEndpoint() : null;
        var server = new PolicyServer("""{ "rules": [] }""", trustLoopbackProxy: true, configure: config =>
        {
            var state = new JsonObject { ["MaxPendingSignIns"] = maxPendingSignIns };
            if (endpoint is not null)
            {
                state["Redis"] = endpoint;
                state["KeyPrefix"] = redisPrefix;
            }

            config["Idp"]!["State"] = state;
            config["Idp"]!["RateLimits"] = new JsonObject
            {
                ["SignInPerIp"] = new JsonObject { ["PermitLimit"] = permitLimit, ["Window"] = window.ToString("c") },
            };
        });
        await server.InitializeAsync();
        return new FloodServer(server, redisPrefix);
    }

    public ForwardedBrowser NewBrowser(string clientIp) => _server.NewBrowser(clientIp);

    /// <summary>How many keys this server has in Redis, and what Redis says they take (MEMORY USAGE, bytes).</summary>
    public async Task<(long Keys, long Bytes)> RedisKeysAsync()
    {
        using var connection = RedisTestEnvironment.Connect(RedisPrefix!);
        var result = (StackExchange.Redis.RedisResult[])(await connection.Database.ScriptEvaluateAsync(
            "local n, bytes = 0, 0 for _, k in ipairs(redis.call('KEYS', ARGV[1])) do n = n + 1 bytes = bytes + (redis.call('MEMORY', 'USAGE', k) or 0) end return { n, bytes }",
            values: [RedisPrefix!.Replace("*", "\\*", StringComparison.Ordinal) + "*"]))!;
        return ((long)result[0], (long)result[1]);
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        if (RedisPrefix is not null)
        {
            using RedisConnection connection = RedisTestEnvironment.Connect(RedisPrefix);
            await RedisTestEnvironment.DeleteKeysAsync(connection.Database, RedisPrefix);
        }
    }
}
