using IdpFederation.Core.State;
using StackExchange.Redis;

namespace IdpFederation.Infrastructure.State.Redis;

/// <summary>SET NX PX: atomic on the server, so two instances can never both accept the same value.</summary>
public sealed class RedisReplayCache : IReplayCache
{
    private readonly RedisConnection _redis;

    public RedisReplayCache(RedisConnection redis) => _redis = redis;

    public Task<bool> TryAddAsync(string scope, string value, TimeSpan lifetime, CancellationToken cancellationToken = default) =>
        _redis.RunAsync("replay.add", db => db.StringSetAsync(_redis.Keys.Replay(scope, value), "1", lifetime, When.NotExists), cancellationToken);
}
