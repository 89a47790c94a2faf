using System.Collections.Concurrent;
using IdpFederation.Core.Configuration;
using Microsoft.Extensions.Options;

namespace IdpFederation.Core.Directory;

/// <summary>
/// A short-lived read cache of users for single sign-on, where every token would otherwise cost a database round
/// trip. Password checks never use it. Its window (Idp:Session:UserCacheDuration) bounds how long a change made
/// outside this instance can go unseen; zero turns it off.
/// </summary>
public sealed class ActiveUserCache
{
    /// <summary>Beyond this many entries the cache starts over, so a flood of distinct users cannot grow it without bound.</summary>
    private const int MaxEntries = 100_000;

    private readonly ConcurrentDictionary<string, (DirectoryUser? User, DateTimeOffset FetchedAt)> _entries = new(StringComparer.OrdinalIgnoreCase);
    private readonly IUserDirectory _directory;
    private readonly IOptionsMonitor<IdpOptions> _options;
    private readonly TimeProvider _time;

    public ActiveUserCache(IUserDirectory directory, IOptionsMonitor<IdpOptions> options, TimeProvider time)
    {
        _directory = directory;
        _options = options;
        _time = time;
    }

    public async Task<DirectoryUser?> FindByUpnAsync(string userPrincipalName, CancellationToken cancellationToken = default)
    {
        var duration = _options.CurrentValue.Session.UserCacheDuration;
        if (duration <= TimeSpan.Zero)
        {
            return await _directory.FindByUpnAsync(userPrincipalName, cancellationToken).ConfigureAwait(false);
        }

        ArgumentNullException.ThrowIfNull(userPrincipalName);
        userPrincipalName = userPrincipalName.Trim();
        var now = _time.GetUtcNow();
        // Judged against the current window, so a reload that shortens it applies to entries already cached.
        if (_entries.TryGetValue(userPrincipalName, out var entry) && now < entry.FetchedAt + duration)
        {
            return entry.User;
        }

        var user = await _directory.FindByUpnAsync(userPrincipalName, cancellationToken).ConfigureAwait(false);
        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear();
        }

        _entries[userPrincipalName] = (user, now);
        return user;
    }

    /// <summary>Drops a user at once after a change made through this instance.</summary>
    public void Invalidate(string userPrincipalName) => _entries.TryRemove(userPrincipalName.Trim(), out _);
}
