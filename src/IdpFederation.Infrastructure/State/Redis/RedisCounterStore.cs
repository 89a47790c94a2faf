using IdpFederation.Core.State;

namespace IdpFederation.Infrastructure.State.Redis;

/// <summary>INCR, with the window set by the first increment only (a script, so the two steps cannot be split).</summary>
public sealed class RedisCounterStore : ICounterStore
{
    private const string IncrementScript = """
        local value = redis.call('INCR', KEYS[1])
        if value == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
        return value
        """;

    private readonly RedisConnection _redis;

    public RedisCounterStore(RedisConnection redis) => _redis = redis;

    public async Task<long> IncrementAsync(string key, TimeSpan window, CancellationToken cancellationToken = default)
    {
        var result = await _redis.RunAsync(db => db.ScriptEvaluateAsync(IncrementScript, [_redis.Keys.Counter(key)],
            [(long)Math.Max(1, window.TotalMilliseconds)]), cancellationToken).ConfigureAwait(false);
        return (long)result;
    }

    public async Task<long> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        var value = await _redis.RunAsync(db => db.StringGetAsync(_redis.Keys.Counter(key)), cancellationToken).ConfigureAwait(false);
        return value.IsNull ? 0 : (long)value;
    }

    public Task ResetAsync(string key, CancellationToken cancellationToken = default) =>
        _redis.RunAsync(db => db.KeyDeleteAsync(_redis.Keys.Counter(key)), cancellationToken);
}
