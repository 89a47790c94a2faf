using IdpFederation.Core.Configuration;
using IdpFederation.Core.Directory;
using IdpFederation.Core.Mfa;
using IdpFederation.Tests.CoreLayer;

namespace IdpFederation.Tests.Mfa;

/// <summary>
/// The user's current enrolment stamp (its ConfirmedAt in unix milliseconds) read through a cache of
/// Idp:Session:UserCacheDuration, over the fake store (which counts reads) and a manual clock.
/// </summary>
[Trait("Kind", "Unit")]
public sealed class MfaEnrollmentStampCacheTests
{
    private readonly CoreTestFactory _factory = new();
    private readonly DirectoryUser _alice;
    private readonly DirectoryUser _bob;

    public MfaEnrollmentStampCacheTests()
    {
        _alice = _factory.Directory.Add("alice@contoso.com");
        _bob = _factory.Directory.Add("bob@contoso.com");
    }

    private DateTimeOffset Now => _factory.Time.GetUtcNow();

    private TimeSpan Duration => _factory.CurrentOptions.Session.UserCacheDuration;

    private int Reads => _factory.MfaEnrollments.GetCalls;

    private MfaEnrollment Put(DirectoryUser user, DateTimeOffset? confirmedAt)
    {
        var enrollment = new MfaEnrollment(user.Id, "not-read-here", Now.AddDays(-1), confirmedAt, []);
        _factory.MfaEnrollments.Put(enrollment);
        return enrollment;
    }

    [Fact]
    public void The_default_duration_is_the_user_caches_five_seconds() => Assert.Equal(TimeSpan.FromSeconds(5), new SessionOptions().UserCacheDuration);

    [Fact]
    public async Task The_stamp_is_the_confirmation_instant_in_unix_milliseconds()
    {
        var confirmedAt = DateTimeOffset.FromUnixTimeMilliseconds(1_741_944_413_123);
        Put(_alice, confirmedAt);

        Assert.Equal(1_741_944_413_123, await _factory.CreateMfaEnrollmentStampCache().GetAsync(_alice.Id));
    }

    [Fact]
    public async Task No_enrolment_and_an_unconfirmed_one_both_give_null()
    {
        var cache = _factory.CreateMfaEnrollmentStampCache();
        Assert.Null(await cache.GetAsync(_alice.Id));

        Put(_bob, confirmedAt: null);
        Assert.Null(await cache.GetAsync(_bob.Id));
    }

    [Fact]
    public async Task A_stamp_is_served_from_the_cache_for_the_user_cache_duration_and_then_read_again()
    {
        var first = Put(_alice, Now.AddDays(-1));
        var cache = _factory.CreateMfaEnrollmentStampCache();
        Assert.Equal(first.ConfirmedAt!.Value.ToUnixTimeMilliseconds(), await cache.GetAsync(_alice.Id));
        Assert.Equal(1, Reads);

        // Re-enrolled elsewhere: this instance keeps the old stamp until the entry runs out, without reading.
        var second = Put(_alice, Now);
        _factory.Time.Advance(Duration - TimeSpan.FromMilliseconds(1));
        Assert.Equal(first.ConfirmedAt.Value.ToUnixTimeMilliseconds(), await cache.GetAsync(_alice.Id));
        Assert.Equal(1, Reads);

        _factory.Time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(second.ConfirmedAt!.Value.ToUnixTimeMilliseconds(), await cache.GetAsync(_alice.Id));
        Assert.Equal(2, Reads);
        Assert.Equal(second.ConfirmedAt.Value.ToUnixTimeMilliseconds(), await cache.GetAsync(_alice.Id));
        Assert.Equal(2, Reads);
    }

    [Fact]
    public async Task A_missing_enrolment_is_cached_too()
    {
        var cache = _factory.CreateMfaEnrollmentStampCache();
        Assert.Null(await cache.GetAsync(_alice.Id));
        Put(_alice, Now);

        Assert.Null(await cache.GetAsync(_alice.Id));
        Assert.Equal(1, Reads);

        _factory.Time.Advance(Duration);
        Assert.NotNull(await cache.GetAsync(_alice.Id));
    }

    [Fact]
    public async Task A_reset_is_seen_once_the_entry_runs_out()
    {
        Put(_alice, Now.AddHours(-1));
        var cache = _factory.CreateMfaEnrollmentStampCache();
        Assert.NotNull(await cache.GetAsync(_alice.Id));

        await _factory.MfaEnrollments.DeleteAsync(_alice.Id);
        Assert.NotNull(await cache.GetAsync(_alice.Id));
        _factory.Time.Advance(Duration);

        Assert.Null(await cache.GetAsync(_alice.Id));
    }

    [Fact]
    public async Task A_duration_of_zero_reads_the_store_every_time()
    {
        var factory = new CoreTestFactory(o => o.Session.UserCacheDuration = TimeSpan.Zero);
        var alice = factory.Directory.Add("alice@contoso.com");
        var cache = factory.CreateMfaEnrollmentStampCache();
        factory.MfaEnrollments.Put(new MfaEnrollment(alice.Id, "x", factory.Time.GetUtcNow(), factory.Time.GetUtcNow(), []));

        var stamp = await cache.GetAsync(alice.Id);
        await factory.MfaEnrollments.DeleteAsync(alice.Id);

        Assert.NotNull(stamp);
        Assert.Null(await cache.GetAsync(alice.Id));
        Assert.Null(await cache.GetAsync(alice.Id));
        Assert.Equal(3, factory.MfaEnrollments.GetCalls);
    }

    [Fact]
    public async Task Invalidate_forgets_only_that_users_entry()
    {
        Put(_alice, Now.AddHours(-2));
        Put(_bob, Now.AddHours(-2));
        var cache = _factory.CreateMfaEnrollmentStampCache();
        await cache.GetAsync(_alice.Id);
        await cache.GetAsync(_bob.Id);
        Assert.Equal(2, Reads);
        var alicesNew = Put(_alice, Now);
        var bobsNew = Put(_bob, Now);

        cache.Invalidate(_alice.Id);

        Assert.Equal(alicesNew.ConfirmedAt!.Value.ToUnixTimeMilliseconds(), await cache.GetAsync(_alice.Id));
        Assert.NotEqual(bobsNew.ConfirmedAt!.Value.ToUnixTimeMilliseconds(), await cache.GetAsync(_bob.Id));
        Assert.Equal(3, Reads);
        // Invalidating a user never cached, or twice, is harmless.
        cache.Invalidate(Guid.NewGuid());
        cache.Invalidate(_alice.Id);
        cache.Invalidate(_alice.Id);
        Assert.Equal(alicesNew.ConfirmedAt.Value.ToUnixTimeMilliseconds(), await cache.GetAsync(_alice.Id));
        Assert.Equal(4, Reads);
    }

    [Fact]
    public async Task Reloaded_options_set_the_duration_of_new_entries()
    {
        var cache = _factory.CreateMfaEnrollmentStampCache();
        var reloaded = CoreTestFactory.DefaultOptions();
        reloaded.Session.UserCacheDuration = TimeSpan.FromMinutes(1);
        _factory.Options.Set(reloaded);
        Put(_alice, Now.AddHours(-1));
        await cache.GetAsync(_alice.Id);

        _factory.Time.Advance(TimeSpan.FromSeconds(59));
        await cache.GetAsync(_alice.Id);
        Assert.Equal(1, Reads);
        _factory.Time.Advance(TimeSpan.FromSeconds(1));
        await cache.GetAsync(_alice.Id);
        Assert.Equal(2, Reads);
    }

    [Fact]
    public async Task Users_are_cached_separately()
    {
        var alices = Put(_alice, Now.AddHours(-1));
        var cache = _factory.CreateMfaEnrollmentStampCache();

        Assert.Equal(alices.ConfirmedAt!.Value.ToUnixTimeMilliseconds(), await cache.GetAsync(_alice.Id));
        Assert.Null(await cache.GetAsync(_bob.Id));
        Assert.Equal(2, Reads);
    }
}
