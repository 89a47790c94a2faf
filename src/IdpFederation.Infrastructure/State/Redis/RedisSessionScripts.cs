namespace IdpFederation.Infrastructure.State.Redis;

/// <summary>Lua scripts, so each session operation is one atomic round trip.</summary>
internal static class RedisSessionScripts
{
    /// <summary>KEYS[1] session; ARGV now ms, sliding ms. Returns {r, p} or nil, and enforces both expiries.</summary>
    public const string Touch = """
        local v = redis.call('HMGET', KEYS[1], 'r', 'a', 'l', 'p')
        if not v[1] then return false end
        local now = tonumber(ARGV[1])
        local absolute = tonumber(v[2])
        local sliding = tonumber(ARGV[2])
        if now >= absolute or now >= tonumber(v[3]) + sliding then
          redis.call('DEL', KEYS[1])
          return false
        end
        redis.call('HSET', KEYS[1], 'l', ARGV[1])
        redis.call('PEXPIRE', KEYS[1], math.min(sliding, absolute - now))
        return { v[1], v[4] or '', v[2] }
        """;

    /// <summary>KEYS[1] session; ARGV record, absolute ms, now ms, ttl ms.</summary>
    public const string Create = """
        redis.call('HSET', KEYS[1], 'r', ARGV[1], 'a', ARGV[2], 'l', ARGV[3])
        redis.call('PEXPIRE', KEYS[1], ARGV[4])
        return 1
        """;

    /// <summary>KEYS[1] user index; ARGV session hash, ttl ms. The index lives as long as its longest session.</summary>
    public const string Index = """
        redis.call('SADD', KEYS[1], ARGV[1])
        if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[2]) then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
        return 1
        """;

    /// <summary>KEYS[1] session; ARGV realm. Appends the realm once; does nothing for a gone session.</summary>
    public const string AddRelyingParty = """
        if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
        local p = redis.call('HGET', KEYS[1], 'p') or ''
        if string.find('\n' .. p .. '\n', '\n' .. ARGV[1] .. '\n', 1, true) then return 0 end
        if p == '' then p = ARGV[1] else p = p .. '\n' .. ARGV[1] end
        redis.call('HSET', KEYS[1], 'p', p)
        return 1
        """;
}
