using IdpFederation.Core.State;
using StackExchange.Redis;

namespace IdpFederation.Infrastructure.State.Redis;

/// <summary>
/// INCR with the window set only when INCR created the key (no TTL yet), so a counter released back to 0 keeps its
/// window. Each operation is one Lua script, so its read, compare and
/// write cannot be split by another client (Redis runs a script atomically: https://redis.io/docs/latest/develop/interact/programmability/eval-intro/).
/// </summary>
public sealed class RedisCounterStore : ICounterStore
{
    private const string IncrementScript = """
        local value = redis.call('INCR', KEYS[1])
        if redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
        return value
        """;

    /// <summary>Returns {1, slot} when granted, {0, count} when the limit is reached.</summary>
    private const string ReserveScript = """
        local current = tonumber(redis.call('GET', KEYS[1]) or '0')
        if current >= tonumber(ARGV[2]) then return {0, current} end
        local value = redis.call('INCR', KEYS[1])
        if redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
        return {1, value}
        """;

    /// <summary>DECR keeps the TTL; a missing key (window over) is left missing rather than created at -1.</summary>
    private const string ReleaseScript = """
        local current = tonumber(redis.call('GET', KEYS[1]) or '0')
        if current > 0 then return redis.call('DECR', KEYS[1]) end
        return current
        """;

    private readonly RedisConnection _redis;

    public RedisCounterStore(RedisConnection redis) => _redis = redis;

    public async Task<long> IncrementAsync(string key, TimeSpan window, CancellationToken cancellationToken = default)
    {
        var result = await _redis.RunAsync("counter.increment", db => db.ScriptEvaluateAsync(IncrementScript, [_redis.Keys.Counter(key)],
            [WindowMilliseconds(window)]), cancellationToken).ConfigureAwait(false);
        return (long)result;
    }

    public async Task<CounterReservation> TryReserveAsync(string key, long limit, TimeSpan window, CancellationToken cancellationToken = default)
    {
        var result = await _redis.RunAsync("counter.reserve", db => db.ScriptEvaluateAsync(ReserveScript, [_redis.Keys.Counter(key)],
            [WindowMilliseconds(window), limit]), cancellationToken).ConfigureAwait(false);
        var values = (RedisResult[])result!;
        return new CounterReservation((long)values[0] == 1, (long)values[1]);
    }

    public Task ReleaseAsync(string key, CancellationToken cancellationToken = default) =>
        _redis.RunAsync("counter.release", db => db.ScriptEvaluateAsync(ReleaseScript, [_redis.Keys.Counter(key)]), cancellationToken);

    public async Task<long> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        var value = await _redis.RunAsync("counter.get", db => db.StringGetAsync(_redis.Keys.Counter(key)), cancellationToken).ConfigureAwait(false);
        return value.IsNull ? 0 : (long)value;
    }

    public Task ResetAsync(string key, CancellationToken cancellationToken = default) =>
        _redis.RunAsync("counter.reset", db => db.KeyDeleteAsync(_redis.Keys.Counter(key)), cancellationToken);

    private static long WindowMilliseconds(TimeSpan window) => (long)Math.Max(1, window.TotalMilliseconds);
}
