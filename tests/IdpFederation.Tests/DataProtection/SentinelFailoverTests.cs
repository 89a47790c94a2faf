using System.Diagnostics;
using IdpFederation.Core.Configuration;
using IdpFederation.Core.State;
using IdpFederation.Infrastructure.Configuration;
using IdpFederation.Infrastructure.State.Redis;
using IdpFederation.Tests.State;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Logging.Abstractions;

namespace IdpFederation.Tests.DataProtection;

/// <summary>
/// Shared state (the key ring included) behind Redis Sentinel follows a failover without a restart: real master,
/// replica and sentinel processes, and SENTINEL FAILOVER between two writes through one <see cref="RedisConnection"/>.
/// </summary>
[Trait("Kind", "Integration")]
public sealed class SentinelFailoverTests : IRequiresRedis
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [StateFact]
    public async Task After_a_failover_writes_reach_the_new_master_through_the_same_connection()
    {
        await using var topology = await RedisSentinelTopology.StartAsync();
        using var redis = Connect(topology.Endpoints);
        await redis.RunAsync("test", db => db.StringSetAsync("before", "1"));
        Assert.Equal("1", RedisSentinelTopology.ReadFrom(topology.MasterPort, "before"));

        await topology.FailOverAsync(Bound);

        // A write the old master accepts in the moment before the sentinel demotes it is lost when it resyncs (Redis
        // replication is asynchronous), so success means: the value is on the new master.
        var elapsed = Stopwatch.StartNew();
        await RedisSentinelTopology.WaitUntilAsync(
            () => TryWrite(redis, "after", "2") && RedisSentinelTopology.ReadFrom(topology.ReplicaPort, "after") == "2",
            Bound, "a write through the connection to land on the new master");
        Assert.True(elapsed.Elapsed < Bound);
        Assert.Equal(topology.ReplicaPort, topology.CurrentMasterPort());
        Assert.True(TryWrite(redis, "later", "3"));
        Assert.Equal("3", RedisSentinelTopology.ReadFrom(topology.ReplicaPort, "later"));
        Assert.True(redis.IsConnected);
    }

    [StateFact]
    public async Task The_key_ring_written_before_a_failover_still_unprotects_after_it()
    {
        await using var topology = await RedisSentinelTopology.StartAsync();
        var root = System.IO.Directory.CreateTempSubdirectory("idpfed-dp-").FullName;
        try
        {
            var paths = new IdpPaths(Path.Combine(root, "config"), Path.Combine(root, "data"));
            using var redis = Connect(topology.Endpoints);
            using var before = new DataProtectionInstance(paths, redis, keyEncryptionCertificate: null);
            var payload = before.Protector.Protect("cookie");

            // Replication is asynchronous: a key written an instant before the failover may never reach the replica,
            // and that loss is Redis's, not ours. What this test proves is that a replicated ring survives promotion.
            await RedisSentinelTopology.WaitUntilAsync(() => RedisSentinelTopology.ListLengthOn(topology.ReplicaPort, redis.Keys.DataProtectionKeys) > 0,
                Bound, "the key ring to replicate");
            await topology.FailOverAsync(Bound);
            await RedisSentinelTopology.WaitUntilAsync(() => TryWrite(redis, "probe", "1"), Bound, "the connection to follow the new master");

            // A fresh instance reads the ring from the new master, which had it by replication.
            using var after = new DataProtectionInstance(paths, redis, keyEncryptionCertificate: null);
            Assert.Equal("cookie", after.Protector.Unprotect(payload));
        }
        finally
        {
            System.IO.Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task With_no_sentinel_answering_the_connection_starts_and_calls_fail_as_unavailable()
    {
        // Port 1 on loopback refuses at once; the IdP must still start, as it does when a plain endpoint is down.
        using var redis = Connect("127.0.0.1:1", TimeSpan.FromMilliseconds(200));

        Assert.False(redis.IsConnected);
        var error = await Assert.ThrowsAsync<StateStoreUnavailableException>(() => redis.RunAsync("test", db => db.PingAsync()));
        Assert.Contains("mymaster", error.Message, StringComparison.Ordinal);
    }

    private static RedisConnection Connect(string sentinels, TimeSpan? timeout = null) => new(
        new StateOptions { Redis = sentinels, RedisSentinelServiceName = RedisSentinelTopology.ServiceName, KeyPrefix = RedisTestEnvironment.UniquePrefix("sentinel"), OperationTimeout = timeout ?? TimeSpan.FromSeconds(2) },
        NullLogger<RedisConnection>.Instance);

    private static bool TryWrite(RedisConnection redis, string key, string value)
    {
        try
        {
            return redis.RunAsync("test", db => db.StringSetAsync(key, value)).GetAwaiter().GetResult();
        }
        catch (StateStoreUnavailableException)
        {
            return false;
        }
    }
}
