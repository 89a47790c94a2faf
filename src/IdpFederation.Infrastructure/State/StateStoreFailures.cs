using IdpFederation.Core.State;
using StackExchange.Redis;

namespace IdpFederation.Infrastructure.State;

/// <summary>
/// Which exceptions mean "the shared state store is unavailable" (the 503 page, IDPF9503). The stores throw
/// <see cref="StateStoreUnavailableException"/>; Data Protection's Redis key repository calls the client directly, so
/// its failures arrive as the client's own exceptions, possibly wrapped by Data Protection or antiforgery.
/// </summary>
public static class StateStoreFailures
{
    public static bool IsUnavailable(Exception? exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is StateStoreUnavailableException or RedisConnectionException or RedisTimeoutException)
            {
                return true;
            }
        }

        return false;
    }
}
