using IdpFederation.Core.State;

namespace IdpFederation.Infrastructure.State.Redis;

public sealed class RedisStateHealth : IStateStoreHealth
{
    private readonly RedisConnection _redis;

    public RedisStateHealth(RedisConnection redis) => _redis = redis;

    public async Task<string?> CheckAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await _redis.RunAsync("ping", db => db.PingAsync(), cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (StateStoreUnavailableException ex)
        {
            return ex.Message;
        }
    }
}
