using System.Text.Json;
using IdpFederation.Core.Configuration;
using IdpFederation.Core.RelyingParties;
using IdpFederation.Core.Sessions;
using IdpFederation.Core.SignIn;
using Microsoft.Extensions.Options;

namespace IdpFederation.Infrastructure.State.Redis;

/// <summary>
/// Pending sign-ins shared by every instance, so a flow started on one finishes on another. On the way back the
/// relying party and reply URL are checked against the current configuration again: a party removed meanwhile
/// gets no token. At most Idp:State:MaxPendingSignIns live at once, across all instances
/// (<see cref="RedisPendingSignInScripts"/> says why the index guarantees it).
/// </summary>
public sealed class RedisPendingSignInStore : IPendingSignInStore
{
    private readonly RedisConnection _redis;
    private readonly RelyingPartyCatalog _relyingParties;
    private readonly IOptionsMonitor<IdpOptions> _options;

    public RedisPendingSignInStore(RedisConnection redis, RelyingPartyCatalog relyingParties, IOptionsMonitor<IdpOptions> options)
    {
        _redis = redis;
        _relyingParties = relyingParties;
        _options = options;
    }

    public async Task<string?> TrySaveAsync(ValidatedSignInRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var id = SessionIds.NewId();
        var json = JsonSerializer.Serialize(PendingSignInRecord.From(request));
        var saved = await _redis.RunAsync("pending.save", db => db.ScriptEvaluateAsync(RedisPendingSignInScripts.Save,
            [_redis.Keys.PendingIndex, _redis.Keys.Pending(id)],
            [json, (long)InMemoryPendingSignInStore.Lifetime.TotalMilliseconds, _options.CurrentValue.State.MaxPendingSignIns, id]), cancellationToken).ConfigureAwait(false);
        return (long)saved == 1 ? id : null;
    }

    public async Task<ValidatedSignInRequest?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        var json = await _redis.RunAsync("pending.get", db => db.StringGetAsync(_redis.Keys.Pending(id)), cancellationToken).ConfigureAwait(false);
        if (json.IsNullOrEmpty)
        {
            return null;
        }

        var record = JsonSerializer.Deserialize<PendingSignInRecord>((string)json!);
        var party = record is null ? null : _relyingParties.FindByRealm(record.Realm);
        if (record is null || party is null || !party.IsRegisteredReplyUrl(record.ReplyUrl))
        {
            return null;
        }

        return new ValidatedSignInRequest
        {
            Protocol = record.Protocol,
            RelyingParty = party,
            ReplyUrl = record.ReplyUrl,
            Context = record.Context,
            ForceFreshAuthentication = record.ForceFresh,
            MfaRequested = record.MfaRequested,
            UsernameHint = record.UsernameHint,
            ClientRequestId = record.ClientRequestId,
            ReceivedAt = DateTimeOffset.FromUnixTimeMilliseconds(record.ReceivedAt),
        };
    }

    public Task RemoveAsync(string id, CancellationToken cancellationToken = default) =>
        _redis.RunAsync("pending.remove", db => db.ScriptEvaluateAsync(RedisPendingSignInScripts.Remove, [_redis.Keys.PendingIndex, _redis.Keys.Pending(id)], [id]), cancellationToken);
}
