using System.Collections.Concurrent;
using IdpFederation.Core.Sessions;

namespace IdpFederation.Core.SignIn;

public sealed class InMemoryPendingSignInStore : IPendingSignInStore
{
    /// <summary>Long enough to type a password and read an error; short enough that abandoned flows do not pile up.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    private readonly ConcurrentDictionary<string, (ValidatedSignInRequest Request, DateTimeOffset Expires)> _pending = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private DateTimeOffset _nextSweep;

    public InMemoryPendingSignInStore(TimeProvider time) => _time = time;

    public Task<string> SaveAsync(ValidatedSignInRequest request, CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        if (now >= _nextSweep)
        {
            // Sweep at most once a minute so abandoned flows are dropped without a scan per request.
            _nextSweep = now.AddMinutes(1);
            foreach (var (key, entry) in _pending)
            {
                if (entry.Expires <= now)
                {
                    _pending.TryRemove(key, out _);
                }
            }
        }

        var id = SessionIds.NewId();
        _pending[id] = (request, now + Lifetime);
        return Task.FromResult(id);
    }

    public Task<ValidatedSignInRequest?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        if (_pending.TryGetValue(id, out var entry) && entry.Expires > _time.GetUtcNow())
        {
            return Task.FromResult<ValidatedSignInRequest?>(entry.Request);
        }

        return Task.FromResult<ValidatedSignInRequest?>(null);
    }

    public Task RemoveAsync(string id, CancellationToken cancellationToken = default)
    {
        _pending.TryRemove(id, out _);
        return Task.CompletedTask;
    }
}
