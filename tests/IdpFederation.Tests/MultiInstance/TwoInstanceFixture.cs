using System.Text.Json.Nodes;
using IdpFederation.Infrastructure.State.Redis;
using IdpFederation.Tests.Server;
using IdpFederation.Tests.State;

namespace IdpFederation.Tests.MultiInstance;

/// <summary>
/// Two real server processes on their own ports sharing one config directory, one SQLite data directory and one
/// Redis (the shared test server, under a key prefix of their own), the way two nodes behind a load balancer run.
/// </summary>
public sealed class TwoInstanceFixture : IAsyncLifetime
{
    public const string Password = "Correct horse battery 1!";

    public TwoInstanceFixture() => KeyPrefix = RedisTestEnvironment.UniquePrefix("two-instances");

    public string KeyPrefix { get; }
    public TestIdpEnvironment Environment { get; private set; } = null!;
    public IdpServerProcess A { get; private set; } = null!;
    public IdpServerProcess B { get; private set; } = null!;
    public TestDirectory Directory { get; private set; } = null!;
    public RedisConnection Redis { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (RedisTestEnvironment.SkipReason is not null)
        {
            return;
        }

        var redis = RedisTestEnvironment.RequireEndpoint();
        // In the config file rather than in environment variables, so the CLI run against the same directory sees it.
        Environment = new TestIdpEnvironment(config => config["Idp"]!["State"] = new JsonObject { ["Redis"] = redis, ["KeyPrefix"] = KeyPrefix });
        Redis = RedisTestEnvironment.Connect(KeyPrefix);
        Directory = await TestDirectory.OpenAsync(Environment);
        foreach (var user in new[] { "ann", "ben", "cat", "dan", "eve", "fay" })
        {
            await Directory.AddUserAsync(user + "@contoso.com", Password);
        }

        A = await IdpServerProcess.StartAsync(Environment);
        B = await IdpServerProcess.StartAsync(Environment, baseUrl: $"http://127.0.0.1:{TestIdpEnvironment.FreePort()}");
    }

    public async Task DisposeAsync()
    {
        if (B is not null) await B.DisposeAsync();
        if (A is not null) await A.DisposeAsync();
        if (Directory is not null) await Directory.DisposeAsync();
        if (Redis is not null)
        {
            await RedisTestEnvironment.DeleteKeysAsync(Redis.Database, KeyPrefix);
            Redis.Dispose();
        }

        Environment?.Dispose();
    }
}
