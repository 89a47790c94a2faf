using IdpFederation.Core.Configuration;
using IdpFederation.Core.Directory;

namespace IdpFederation.Tests.CoreLayer;

[Trait("Kind", "Unit")]
public sealed class ActiveUserCacheTests
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(5);

    private readonly CoreTestFactory _factory = new(o => o.Session.UserCacheDuration = Window);

    [Fact]
    public async Task A_read_within_the_window_is_served_without_the_directory()
    {
        var alice = _factory.Directory.Add("alice@contoso.com");
        var cache = _factory.CreateActiveUserCache();

        var first = await cache.FindByUpnAsync("alice@contoso.com");
        _factory.Time.Advance(Window - TimeSpan.FromTicks(1));
        var second = await cache.FindByUpnAsync("alice@contoso.com");

        Assert.Equal(alice, first);
        Assert.Same(first, second);
        Assert.Equal(1, _factory.Directory.FindCalls);
    }

    [Fact]
    public async Task A_cached_read_hides_a_change_made_elsewhere_until_the_window_ends()
    {
        _factory.Directory.Add("alice@contoso.com");
        var cache = _factory.CreateActiveUserCache();
        await cache.FindByUpnAsync("alice@contoso.com");

        await _factory.Directory.SetEnabledAsync("alice@contoso.com", enabled: false);
        _factory.Time.Advance(Window - TimeSpan.FromTicks(1));
        Assert.True((await cache.FindByUpnAsync("alice@contoso.com"))!.Enabled);

        _factory.Time.Advance(TimeSpan.FromTicks(1));
        Assert.False((await cache.FindByUpnAsync("alice@contoso.com"))!.Enabled);
        Assert.Equal(2, _factory.Directory.FindCalls);
    }

    [Fact]
    public async Task After_expiry_the_re_read_starts_a_new_window()
    {
        _factory.Directory.Add("alice@contoso.com");
        var cache = _factory.CreateActiveUserCache();

        await cache.FindByUpnAsync("alice@contoso.com");
        _factory.Time.Advance(Window + TimeSpan.FromSeconds(1));
        await cache.FindByUpnAsync("alice@contoso.com");
        _factory.Time.Advance(Window - TimeSpan.FromSeconds(1));
        await cache.FindByUpnAsync("alice@contoso.com");

        Assert.Equal(2, _factory.Directory.FindCalls);
    }

    [Fact]
    public async Task A_zero_window_always_reads_the_directory()
    {
        var factory = new CoreTestFactory(o => o.Session.UserCacheDuration = TimeSpan.Zero);
        factory.Directory.Add("alice@contoso.com");
        var cache = factory.CreateActiveUserCache();

        for (var i = 0; i < 3; i++)
        {
            await cache.FindByUpnAsync("alice@contoso.com");
        }

        Assert.Equal(3, factory.Directory.FindCalls);
    }

    [Fact]
    public async Task Turning_the_cache_off_by_reload_bypasses_existing_entries()
    {
        _factory.Directory.Add("alice@contoso.com");
        var cache = _factory.CreateActiveUserCache();
        await cache.FindByUpnAsync("alice@contoso.com");

        var reloaded = CoreTestFactory.DefaultOptions();
        reloaded.Session.UserCacheDuration = TimeSpan.Zero;
        _factory.Options.Set(reloaded);
        await _factory.Directory.SetEnabledAsync("alice@contoso.com", enabled: false);

        Assert.False((await cache.FindByUpnAsync("alice@contoso.com"))!.Enabled);
        Assert.Equal(2, _factory.Directory.FindCalls);
    }

    [Fact]
    public async Task Invalidate_forces_the_next_read_to_the_directory()
    {
        _factory.Directory.Add("alice@contoso.com");
        var cache = _factory.CreateActiveUserCache();
        await cache.FindByUpnAsync("alice@contoso.com");
        await _factory.Directory.SetEnabledAsync("alice@contoso.com", enabled: false);

        cache.Invalidate("alice@contoso.com");

        Assert.False((await cache.FindByUpnAsync("alice@contoso.com"))!.Enabled);
        Assert.Equal(2, _factory.Directory.FindCalls);
    }

    [Fact]
    public async Task Invalidate_touches_only_the_named_user()
    {
        _factory.Directory.Add("alice@contoso.com");
        _factory.Directory.Add("bob@contoso.com");
        var cache = _factory.CreateActiveUserCache();
        await cache.FindByUpnAsync("alice@contoso.com");
        await cache.FindByUpnAsync("bob@contoso.com");

        cache.Invalidate("alice@contoso.com");
        await cache.FindByUpnAsync("alice@contoso.com");
        await cache.FindByUpnAsync("bob@contoso.com");

        Assert.Equal(["alice@contoso.com", "bob@contoso.com", "alice@contoso.com"], _factory.Directory.Lookups);
    }

    [Fact]
    public async Task Invalidating_an_uncached_user_is_harmless_and_a_read_still_works()
    {
        _factory.Directory.Add("alice@contoso.com");
        var cache = _factory.CreateActiveUserCache();

        cache.Invalidate("nobody@contoso.com");

        Assert.NotNull(await cache.FindByUpnAsync("alice@contoso.com"));
    }

    [Fact]
    public async Task Keys_ignore_case()
    {
        var alice = _factory.Directory.Add("alice@contoso.com");
        var cache = _factory.CreateActiveUserCache();

        await cache.FindByUpnAsync("alice@contoso.com");
        var upper = await cache.FindByUpnAsync("ALICE@CONTOSO.COM");
        cache.Invalidate("Alice@Contoso.Com");
        await cache.FindByUpnAsync("alice@contoso.com");

        Assert.Equal(alice, upper);
        Assert.Equal(["alice@contoso.com", "alice@contoso.com"], _factory.Directory.Lookups);
    }

    [Fact]
    public async Task An_unknown_user_is_cached_as_absent_for_the_window()
    {
        var cache = _factory.CreateActiveUserCache();

        Assert.Null(await cache.FindByUpnAsync("new@contoso.com"));
        _factory.Directory.Add("new@contoso.com");
        Assert.Null(await cache.FindByUpnAsync("new@contoso.com"));
        Assert.Equal(1, _factory.Directory.FindCalls);

        _factory.Time.Advance(Window);
        Assert.NotNull(await cache.FindByUpnAsync("new@contoso.com"));
        Assert.Equal(2, _factory.Directory.FindCalls);
    }

    [Fact]
    public async Task Users_are_cached_separately()
    {
        var alice = _factory.Directory.Add("alice@contoso.com");
        var bob = _factory.Directory.Add("bob@fabrikam.com");
        var cache = _factory.CreateActiveUserCache();

        Assert.Equal(alice, await cache.FindByUpnAsync("alice@contoso.com"));
        Assert.Equal(bob, await cache.FindByUpnAsync("bob@fabrikam.com"));
        Assert.Equal(alice, await cache.FindByUpnAsync("alice@contoso.com"));
        Assert.Equal(2, _factory.Directory.FindCalls);
    }

    [Fact]
    public async Task The_cancellation_token_reaches_the_directory()
    {
        var directory = new TokenCapturingDirectory();
        var cache = new ActiveUserCache(directory, _factory.Options, _factory.Time);
        using var cts = new CancellationTokenSource();

        await cache.FindByUpnAsync("alice@contoso.com", cts.Token);

        Assert.Equal(cts.Token, directory.Seen);
    }

    [Fact]
    public void The_default_window_is_short()
    {
        var defaults = new SessionOptions().UserCacheDuration;

        Assert.InRange(defaults, TimeSpan.FromTicks(1), TimeSpan.FromSeconds(30));
    }

    private sealed class TokenCapturingDirectory : IUserDirectory
    {
        private readonly FakeUserDirectory _inner = new();

        public CancellationToken Seen { get; private set; }

        public Task<DirectoryUser?> FindByUpnAsync(string userPrincipalName, CancellationToken cancellationToken = default)
        {
            Seen = cancellationToken;
            return _inner.FindByUpnAsync(userPrincipalName, cancellationToken);
        }

        public Task<IReadOnlyList<DirectoryUser>> ListAsync(CancellationToken cancellationToken = default) => _inner.ListAsync(cancellationToken);

        public Task<DirectoryUser> CreateAsync(NewUser user, CancellationToken cancellationToken = default) => _inner.CreateAsync(user, cancellationToken);

        public Task SetPasswordAsync(string userPrincipalName, string password, CancellationToken cancellationToken = default) => _inner.SetPasswordAsync(userPrincipalName, password, cancellationToken);

        public Task<bool> RehashPasswordAsync(string userPrincipalName, string verifiedHash, string password, CancellationToken cancellationToken = default) =>
            _inner.RehashPasswordAsync(userPrincipalName, verifiedHash, password, cancellationToken);

        public Task UpdateAsync(string userPrincipalName, UserUpdate update, CancellationToken cancellationToken = default) => _inner.UpdateAsync(userPrincipalName, update, cancellationToken);

        public Task SetEnabledAsync(string userPrincipalName, bool enabled, CancellationToken cancellationToken = default) => _inner.SetEnabledAsync(userPrincipalName, enabled, cancellationToken);

        public Task DeleteAsync(string userPrincipalName, CancellationToken cancellationToken = default) => _inner.DeleteAsync(userPrincipalName, cancellationToken);

        public Task<IReadOnlyList<RoleInfo>> ListRolesAsync(CancellationToken cancellationToken = default) => _inner.ListRolesAsync(cancellationToken);

        public Task AddRoleMemberAsync(string role, string userPrincipalName, CancellationToken cancellationToken = default) => _inner.AddRoleMemberAsync(role, userPrincipalName, cancellationToken);

        public Task RemoveRoleMemberAsync(string role, string userPrincipalName, CancellationToken cancellationToken = default) => _inner.RemoveRoleMemberAsync(role, userPrincipalName, cancellationToken);
    }
}
