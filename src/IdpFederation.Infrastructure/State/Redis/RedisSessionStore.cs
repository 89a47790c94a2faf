using System.Globalization;
using IdpFederation.Core.Configuration;
using IdpFederation.Core.Sessions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace IdpFederation.Infrastructure.State.Redis;

/// <summary>
/// SSO sessions shared by every instance. A touch is one round trip (a Lua script checks both expiries, records the
/// visit and slides the TTL). Only the session ID's hash is stored, so a Redis dump yields no usable cookie.
/// </summary>
public sealed class RedisSessionStore : ISessionStore
{
    private readonly RedisConnection _redis;
    private readonly IOptionsMonitor<IdpOptions> _options;
    private readonly TimeProvider _time;

    public RedisSessionStore(RedisConnection redis, IOptionsMonitor<IdpOptions> options, TimeProvider time)
    {
        _redis = redis;
        _options = options;
        _time = time;
    }

    public async Task CreateAsync(SsoSession session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        var storageKey = SessionIds.StorageKey(session.Id);
        var now = _time.GetUtcNow();
        var ttl = (long)Math.Min(_options.CurrentValue.Session.SlidingExpiration.TotalMilliseconds, (session.ExpiresAt - now).TotalMilliseconds);
        if (ttl <= 0)
        {
            return;
        }

        var record = SessionRecord.Serialize(session);
        var untilAbsolute = (long)(session.ExpiresAt - now).TotalMilliseconds;
        await _redis.RunAsync("session.create", db => Task.WhenAll(
            db.ScriptEvaluateAsync(RedisSessionScripts.Create, [_redis.Keys.Session(storageKey)],
                [record, session.ExpiresAt.ToUnixTimeMilliseconds(), now.ToUnixTimeMilliseconds(), ttl]),
            db.ScriptEvaluateAsync(RedisSessionScripts.Index, [_redis.Keys.UserSessions(session.UserPrincipalName)],
                [storageKey, untilAbsolute])), cancellationToken).ConfigureAwait(false);
    }

    public async Task<SsoSession?> GetAndTouchAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        var sliding = (long)_options.CurrentValue.Session.SlidingExpiration.TotalMilliseconds;
        var result = await _redis.RunAsync("session.touch", db => db.ScriptEvaluateAsync(RedisSessionScripts.Touch,
            [_redis.Keys.Session(SessionIds.StorageKey(sessionId))], [now.ToUnixTimeMilliseconds(), sliding]), cancellationToken).ConfigureAwait(false);
        if (result.IsNull)
        {
            return null;
        }

        var fields = (RedisResult[])result!;
        return SessionRecord.Deserialize(sessionId, (string)fields[0]!, ParseLong(fields[2]), now.ToUnixTimeMilliseconds(), (string?)fields[1]);
    }

    public Task AddRelyingPartyAsync(string sessionId, string realm, CancellationToken cancellationToken = default) =>
        _redis.RunAsync("session.add-relying-party", db => db.ScriptEvaluateAsync(RedisSessionScripts.AddRelyingParty,
            [_redis.Keys.Session(SessionIds.StorageKey(sessionId))], [realm]), cancellationToken);

    public Task RemoveAsync(string sessionId, CancellationToken cancellationToken = default) =>
        _redis.RunAsync("session.remove", db => db.KeyDeleteAsync(_redis.Keys.Session(SessionIds.StorageKey(sessionId))), cancellationToken);

    public async Task<IReadOnlyList<SsoSession>> ListForUserAsync(string userPrincipalName, CancellationToken cancellationToken = default)
    {
        var index = _redis.Keys.UserSessions(userPrincipalName);
        var members = await _redis.RunAsync("session.list", db => db.SetMembersAsync(index), cancellationToken).ConfigureAwait(false);
        var sessions = new List<SsoSession>();
        var gone = new List<RedisValue>();
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var sliding = (long)_options.CurrentValue.Session.SlidingExpiration.TotalMilliseconds;
        foreach (var member in members)
        {
            var fields = await _redis.RunAsync("session.list", db => db.HashGetAsync(_redis.Keys.Session(member!), ["r", "a", "l", "p"]), cancellationToken).ConfigureAwait(false);
            if (fields[0].IsNull || now >= ParseLong(fields[1]) || now >= ParseLong(fields[2]) + sliding)
            {
                gone.Add(member);
                continue;
            }

            // Listed by the hash of the cookie value: that is all the store knows, and it is safe to show.
            sessions.Add(SessionRecord.Deserialize(member!, fields[0]!, ParseLong(fields[1]), ParseLong(fields[2]), fields[3]));
        }

        if (gone.Count > 0)
        {
            await _redis.RunAsync("session.list", db => db.SetRemoveAsync(index, gone.ToArray()), cancellationToken).ConfigureAwait(false);
        }

        return sessions.OrderByDescending(s => s.CreatedAt).ToArray();
    }

    public async Task<int> RemoveAllForUserAsync(string userPrincipalName, CancellationToken cancellationToken = default)
    {
        var index = _redis.Keys.UserSessions(userPrincipalName);
        var members = await _redis.RunAsync("session.remove-all", db => db.SetMembersAsync(index), cancellationToken).ConfigureAwait(false);
        var removed = await _redis.RunAsync("session.remove-all", db => Task.WhenAll(members.Select(m => db.KeyDeleteAsync(_redis.Keys.Session(m!)))), cancellationToken).ConfigureAwait(false);
        await _redis.RunAsync("session.remove-all", db => db.KeyDeleteAsync(index), cancellationToken).ConfigureAwait(false);
        return removed.Count(deleted => deleted);
    }

    private static long ParseLong(RedisValue value) => long.Parse((string)value!, CultureInfo.InvariantCulture);

    private static long ParseLong(RedisResult value) => long.Parse((string)value!, CultureInfo.InvariantCulture);
}
