using StackExchange.Redis;

namespace IdpFederation.Tests.State;

/// <summary>
/// Lets time pass for the keys under one prefix without waiting: every TTL is shortened by the same amount in one
/// script, and a key whose TTL would reach zero is deleted, which is what Redis does when that much real time passes
/// (keys expire exactly at their TTL, https://redis.io/docs/latest/commands/expire/). Windows can then be minutes long,
/// so no scheduling delay on a loaded machine can end one early, and the test still runs in milliseconds. Tests that
/// need Redis's own clock to expire a key poll for the key to go instead.
/// </summary>
public static class RedisTtlClock
{
    private const string Shift = """
        local by = tonumber(ARGV[2])
        local n = 0
        for _, key in ipairs(redis.call('KEYS', ARGV[1])) do
          local ttl = redis.call('PTTL', key)
          if ttl > 0 then
            if ttl <= by then redis.call('DEL', key) else redis.call('PEXPIRE', key, ttl - by) end
            n = n + 1
          end
        end
        return n
        """;

    /// <summary>Ages every key under <paramref name="keyPrefix"/> by <paramref name="by"/>; returns how many had a TTL.</summary>
    public static async Task<long> AdvanceAsync(IDatabase database, string keyPrefix, TimeSpan by)
    {
        ArgumentNullException.ThrowIfNull(database);
        var result = await database.ScriptEvaluateAsync(Shift,
            values: [keyPrefix.Replace("*", "\\*", StringComparison.Ordinal) + "*", (long)by.TotalMilliseconds]);
        return (long)result;
    }

    /// <summary>Polls until Redis itself has expired <paramref name="key"/>; the deadline only bounds a broken server.</summary>
    public static async Task WaitUntilGoneAsync(IDatabase database, RedisKey key)
    {
        ArgumentNullException.ThrowIfNull(database);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (await database.KeyExistsAsync(key))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"Redis did not expire {key} within 60 s.");
            }

            await Task.Delay(50);
        }
    }
}
