using IdpFederation.Core.Configuration;
using IdpFederation.Core.Sessions;
using Microsoft.Extensions.Options;

namespace IdpFederation.Core.SignIn;

/// <summary>
/// Pending sign-ins of a single instance, at most Idp:State:MaxPendingSignIns of them. Entries are kept in the order
/// they were made, which is also the order they expire (one fixed lifetime), so every call first drops the expired
/// ones from the front: an expired entry never outlives the next call, and a full store frees whatever has expired
/// before it refuses anyone. Every operation is O(1) amortised under one short lock.
/// </summary>
public sealed class InMemoryPendingSignInStore : IPendingSignInStore
{
    /// <summary>Long enough to type a password and read an error; short enough that abandoned flows do not pile up.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    private readonly Dictionary<string, LinkedListNode<Entry>> _byId = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _byAge = new();
    private readonly Lock _gate = new();
    private readonly IOptionsMonitor<IdpOptions> _options;
    private readonly TimeProvider _time;

    public InMemoryPendingSignInStore(IOptionsMonitor<IdpOptions> options, TimeProvider time)
    {
        _options = options;
        _time = time;
    }

    /// <summary>Entries held, expired ones not yet dropped included (there are none after any call returns).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _byId.Count;
            }
        }
    }

    public Task<string?> TrySaveAsync(ValidatedSignInRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = _time.GetUtcNow();
        var cap = _options.CurrentValue.State.MaxPendingSignIns;
        lock (_gate)
        {
            DropExpired(now);
            if (_byId.Count >= cap)
            {
                return Task.FromResult<string?>(null);
            }

            var id = SessionIds.NewId();
            _byId[id] = _byAge.AddLast(new Entry(id, request, now + Lifetime));
            return Task.FromResult<string?>(id);
        }
    }

    public Task<ValidatedSignInRequest?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            DropExpired(now);
            // Checked again: a clock set back could leave an expired entry behind a younger one at the front.
            return Task.FromResult(_byId.TryGetValue(id, out var node) && node.Value.Expires > now ? node.Value.Request : null);
        }
    }

    public Task RemoveAsync(string id, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_byId.Remove(id, out var node))
            {
                _byAge.Remove(node);
            }

            DropExpired(_time.GetUtcNow());
        }

        return Task.CompletedTask;
    }

    private void DropExpired(DateTimeOffset now)
    {
        while (_byAge.First is { } oldest && oldest.Value.Expires <= now)
        {
            _byAge.RemoveFirst();
            _byId.Remove(oldest.Value.Id);
        }
    }

    private sealed record Entry(string Id, ValidatedSignInRequest Request, DateTimeOffset Expires);
}
