using System.Collections;
using System.Reflection;
using IdpFederation.Core.Caching;

namespace IdpFederation.Tests.CoreLayer;

/// <summary>Issue 10 item 2: stale entries stayed in the cache until 100,000 keys had piled up.</summary>
[Trait("Kind", "Unit")]
public sealed class ShortLivedCacheSweepTests
{
    private readonly CoreTestFactory _factory = new(o => o.Session.UserCacheDuration = TimeSpan.FromSeconds(5));

    [Fact]
    public async Task Stale_entries_leave_at_the_next_load_after_a_minute()
    {
        var cache = new ShortLivedCache<string, string>(_factory.Options, _factory.Time);
        await cache.GetAsync("alice", (k, _) => Task.FromResult(k));
        await cache.GetAsync("bob", (k, _) => Task.FromResult(k));
        _factory.Time.Advance(TimeSpan.FromMinutes(1));

        await cache.GetAsync("carol", (k, _) => Task.FromResult(k));

        Assert.Equal(["carol"], Keys(cache));
    }

    private static string[] Keys(ShortLivedCache<string, string> cache)
    {
        var field = cache.GetType().GetFields(BindingFlags.Instance | BindingFlags.NonPublic).Single(f => f.FieldType.IsAssignableTo(typeof(IDictionary)));
        return ((IDictionary)field.GetValue(cache)!).Keys.Cast<string>().ToArray();
    }
}
