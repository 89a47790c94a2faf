using IdpFederation.Core.Caching;
using IdpFederation.Core.Configuration;
using Microsoft.Extensions.Options;

namespace IdpFederation.Core.Directory;

/// <summary>
/// Users for single sign-on, read through a <see cref="ShortLivedCache{TKey, TValue}"/> (Idp:Session:UserCacheDuration).
/// Password checks never use it.
/// </summary>
public sealed class ActiveUserCache
{
    private readonly ShortLivedCache<string, DirectoryUser?> _cache;
    private readonly IUserDirectory _directory;

    public ActiveUserCache(IUserDirectory directory, IOptionsMonitor<IdpOptions> options, TimeProvider time)
    {
        _directory = directory;
        _cache = new ShortLivedCache<string, DirectoryUser?>(options, time, StringComparer.OrdinalIgnoreCase);
    }

    public ValueTask<DirectoryUser?> FindByUpnAsync(string userPrincipalName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userPrincipalName);
        return _cache.GetAsync(userPrincipalName.Trim(), _directory.FindByUpnAsync, cancellationToken);
    }

    /// <summary>Drops a user at once after a change made through this instance.</summary>
    public void Invalidate(string userPrincipalName) => _cache.Invalidate(userPrincipalName.Trim());
}
