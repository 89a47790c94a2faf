namespace IdpFederation.Infrastructure.State.Redis;

/// <summary>
/// Lua scripts that keep the pending records and their index in step, atomically and on Redis's own clock (the one
/// that expires the records), so every instance sees one count.
/// </summary>
/// <remarks>
/// Why the index bounds the records: a record is only ever written by <see cref="Save"/>, in the same step that adds
/// its ID to the index with the record's own expiry as score, and only when the index then holds fewer than the cap.
/// An ID leaves the index when its record is removed (<see cref="Remove"/>, same step), when its score has passed
/// (the record has expired too), or when its record is found gone. So every live record is in the index, and live
/// records ≤ index size ≤ cap at every moment, on any number of instances. (A fixed-window count of creations would
/// only bound them by 2 × cap, and would count finished sign-ins against the cap until their window ended.)
/// The scripts touch two keys (and, when full, the oldest records by name), which Redis Cluster would only accept
/// within one hash slot; the IdP supports a single master or Sentinel, not Cluster.
/// </remarks>
internal static class RedisPendingSignInScripts
{
    /// <summary>
    /// KEYS[1] index, KEYS[2] record; ARGV record JSON, lifetime ms, cap, ID. Returns 1 when saved, 0 when full.
    /// When full it first drops index entries whose record is gone (deleted or evicted under memory pressure) among
    /// the oldest few, so such ghosts cannot hold places until their score passes; the work per call stays bounded.
    /// </summary>
    public const string Save = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local lifetime = tonumber(ARGV[2])
        local cap = tonumber(ARGV[3])
        local prefix = string.sub(KEYS[2], 1, string.len(KEYS[2]) - string.len(ARGV[4]))
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
        if redis.call('ZCARD', KEYS[1]) >= cap then
          for _, id in ipairs(redis.call('ZRANGE', KEYS[1], 0, 7)) do
            if redis.call('EXISTS', prefix .. id) == 0 then redis.call('ZREM', KEYS[1], id) end
          end
          if redis.call('ZCARD', KEYS[1]) >= cap then return 0 end
        end
        redis.call('SET', KEYS[2], ARGV[1], 'PX', lifetime)
        redis.call('ZADD', KEYS[1], now + lifetime, ARGV[4])
        redis.call('PEXPIRE', KEYS[1], lifetime)
        return 1
        """;

    /// <summary>KEYS[1] index, KEYS[2] record; ARGV ID.</summary>
    public const string Remove = """
        redis.call('DEL', KEYS[2])
        redis.call('ZREM', KEYS[1], ARGV[1])
        return 1
        """;
}
