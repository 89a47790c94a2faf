using IdpFederation.Infrastructure.Provisioning.Graph;
using IdpFederation.Tests.CoreLayer;

namespace IdpFederation.Tests.Provisioning.Graph;

[Trait("Kind", "Unit")]
public sealed class WriteRateLimiterTests
{
    [Fact]
    public async Task A_full_window_goes_at_once_and_the_next_write_waits_for_the_oldest_to_age_out()
    {
        var time = new ManualTimeProvider();
        var limiter = new WriteRateLimiter(5, TimeSpan.FromMilliseconds(200), time);
        Assert.Equal(TimeSpan.Zero, await limiter.AcquireAsync(5));

        time.Advance(TimeSpan.FromMilliseconds(50));
        // The five writes were at t=0; the sixth may go once the window and its 5 % in-flight margin (10 ms) have passed.
        Assert.Equal(TimeSpan.FromMilliseconds(160), await limiter.AcquireAsync(1));
    }

    [Fact]
    public async Task No_window_ever_holds_more_than_the_quota_and_a_long_run_keeps_to_the_ceiling()
    {
        var time = new ManualTimeProvider();
        var limiter = new WriteRateLimiter(20, TimeSpan.FromMilliseconds(40), time);
        var window = limiter.Window;
        var sent = new List<DateTimeOffset>();
        foreach (var batch in new[] { 20, 7, 13, 20, 20, 1, 19 })
        {
            var wait = await limiter.AcquireAsync(batch);
            time.Advance(wait);
            sent.AddRange(Enumerable.Repeat(time.GetUtcNow(), batch));
        }

        // Sliding log: the k-th write and the (k+20)-th are at least one window apart, so any window holds at most 20.
        for (var i = 20; i < sent.Count; i++)
        {
            Assert.True(sent[i] - sent[i - 20] >= window, $"writes {i - 20} and {i} only {(sent[i] - sent[i - 20]).TotalMilliseconds} ms apart");
        }

        // 100 writes at 20 per window take exactly four windows after the first burst: the ceiling, not less.
        Assert.Equal(window * 4, sent[^1] - sent[0]);
    }

    [Fact]
    public async Task Concurrent_callers_reserve_distinct_slots()
    {
        var time = new ManualTimeProvider();
        var limiter = new WriteRateLimiter(10, TimeSpan.FromMilliseconds(30), time);
        var waits = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => Task.Run(() => limiter.AcquireAsync(1))));
        // Thirty writes against ten per window: ten go now, ten after one window, ten after two.
        Assert.Equal(10, waits.Count(w => w == TimeSpan.Zero));
        Assert.Equal(10, waits.Count(w => w == limiter.Window));
        Assert.Equal(10, waits.Count(w => w == limiter.Window * 2));
    }

    [Fact]
    public async Task A_batch_larger_than_the_quota_is_refused()
    {
        var limiter = new WriteRateLimiter(10, TimeSpan.FromSeconds(1), TimeProvider.System);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => limiter.AcquireAsync(11));
    }

    [Fact]
    public async Task When_Graph_reports_more_use_than_ours_writes_are_spaced_at_the_steady_rate_and_at_half_from_90_percent()
    {
        var time = new ManualTimeProvider();
        // Task.Delay on this clock still waits in real time (it has no timers), so the window is short.
        var limiter = new WriteRateLimiter(100, TimeSpan.FromSeconds(1), time);
        var steady = limiter.Window / 100;
        Assert.Equal(TimeSpan.Zero, await limiter.AcquireAsync(20));

        // 20 of our 100 are used, Graph says 85 %: another app shares the quota. The 20 just answered were not
        // spaced, so the next batch waits for their share, and each batch after it for its own.
        limiter.ReportQuotaUse(0.85, 20);
        Assert.Equal(steady * 20, await limiter.AcquireAsync(10));
        time.Advance(steady * 20);
        Assert.Equal(steady * 10, await limiter.AcquireAsync(5));
        time.Advance(steady * 10);

        limiter.ReportQuotaUse(0.93, 5);
        Assert.Equal(steady * 5, await limiter.AcquireAsync(4));
        time.Advance(steady * 5);
        Assert.Equal(steady * 2 * 4, await limiter.AcquireAsync(1));
        time.Advance(steady * 8);

        // Back under 80 % (no header): bursts again.
        limiter.ReportQuotaUse(0, 1);
        Assert.Equal(TimeSpan.Zero, await limiter.AcquireAsync(10));
        Assert.Equal(TimeSpan.Zero, limiter.Pacing);
    }

    [Fact]
    public async Task Graph_reporting_no_more_than_our_own_use_does_not_slow_a_run_that_keeps_to_the_ceiling()
    {
        // Graph's bucket refills continuously, so alone on the quota it never shows more used than our log holds: a run
        // at our ceiling (the 10,000-user sync) keeps its full speed at 85 % or 95 %.
        var time = new ManualTimeProvider();
        var limiter = new WriteRateLimiter(100, TimeSpan.FromSeconds(10), time);
        Assert.Equal(TimeSpan.Zero, await limiter.AcquireAsync(20));
        Assert.Equal(TimeSpan.Zero, await limiter.AcquireAsync(20));
        Assert.Equal(TimeSpan.Zero, await limiter.AcquireAsync(20));
        Assert.Equal(TimeSpan.Zero, await limiter.AcquireAsync(20));
        Assert.Equal(TimeSpan.Zero, await limiter.AcquireAsync(15));
        limiter.ReportQuotaUse(0.85, 20);
        limiter.ReportQuotaUse(0.95, 15);

        Assert.Equal(TimeSpan.Zero, limiter.Pacing);
        Assert.Equal(TimeSpan.Zero, await limiter.AcquireAsync(5));
    }

    [Fact]
    public async Task Parallel_batches_near_the_limit_share_one_pace()
    {
        var time = new ManualTimeProvider();
        var limiter = new WriteRateLimiter(1000, TimeSpan.FromSeconds(1), time);
        var steady = limiter.Window / 1000;
        limiter.ReportQuotaUse(0.8, 20);

        var waits = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => limiter.AcquireAsync(20))));

        // Four batches asking at once go one pace apart, after the 20 writes already answered: never four at a time.
        Assert.Equal(new[] { 20, 40, 60, 80 }.Select(n => steady * n), waits.Order());
    }
}
