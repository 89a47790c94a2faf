using IdpFederation.Core.Provisioning;

namespace IdpFederation.Tests.Provisioning.Flows;

/// <summary>Crashes, throttling and server errors during a run.</summary>
[Trait("Kind", "Integration")]
public sealed class ProvisioningResilienceTests
{
    [Fact]
    public async Task A_run_that_dies_half_way_is_resumed_by_the_next_and_nothing_is_created_twice()
    {
        // One batch in flight at a time, so the crash lands between batches of creates.
        await using var h = await ProvisioningHarness.StartAsync(settings: new Dictionary<string, string?> { ["MaxParallelBatches"] = "1" });
        for (var i = 0; i < 60; i++)
        {
            await h.AddUserAsync($"crash{i:D2}@contoso.com");
        }

        // The process "dies" once the first batch of users exists: the run is cancelled from inside, before that batch's
        // answer reaches it, so the run never learns of those 20 users.
        using var crash = new CancellationTokenSource();
        h.Graph.Options.OnRequest = r =>
        {
            if (r is { Path: "/v1.0/$batch", InBatch: false } && h.Graph.Users.Count >= 15)
            {
                crash.Cancel();
            }
        };
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => h.Runner.RunAsync(h.Tenant, RunTrigger.Manual, false, false, crash.Token));
        h.Graph.Options.OnRequest = null;
        Assert.Equal(20, h.Graph.Users.Count);

        var resumed = await h.RunAsync();

        ProvisioningHarness.AssertSucceeded(resumed);
        Assert.Equal(60, h.Graph.Users.Count);
        Assert.Equal(60, h.Graph.Users.Select(u => u.OnPremisesImmutableId).Distinct().Count());
        Assert.All(h.Graph.Users, u => Assert.Equal([ProvisioningHarness.E3], u.AssignedSkuIds));
        // Every user was POSTed exactly once across both runs.
        Assert.Equal(60, h.Graph.Requests.Count(r => r.Method == "POST" && r.Path.EndsWith("/users", StringComparison.Ordinal) && r.Status == 201));
    }

    [Fact]
    public async Task After_a_429_the_run_waits_Retry_After_and_keeps_to_the_servers_write_rate()
    {
        // The server allows 40 writes per 4 s (a bucket of 40 refilled at 10 a second); our configured ceiling is higher,
        // so Graph's 429s must pace us.
        await using var h = await ProvisioningHarness.StartAsync(graph =>
        {
            graph.WriteLimit = 40;
            graph.WriteWindow = TimeSpan.FromSeconds(4);
        });
        for (var i = 0; i < 50; i++)
        {
            await h.AddUserAsync($"throttle{i:D2}@contoso.com");
        }

        var result = await h.RunAsync();

        ProvisioningHarness.AssertSucceeded(result);
        Assert.Equal(50, h.Graph.Users.Count);
        var writes = h.Graph.Requests.Where(r => r.IsWrite && r.InBatch).ToList();
        var first429 = writes.First(r => r.Status == 429).Time;
        var accepted = writes.Where(r => r.Status is >= 200 and < 300 && r.Time > first429).Select(r => r.Time).ToList();
        // The server's bucket refills 10 writes a second and was empty at the first 429: from then on the run cannot
        // have been accepted faster than that, give or take the batch in flight. A client that ignored Retry-After
        // would be refused again and again within the second this server's Retry-After asks for.
        var seconds = (accepted[^1] - first429).TotalSeconds;
        Assert.True(accepted.Count <= 10 * seconds + 20, $"{accepted.Count} writes accepted in {seconds:0.0} s after the first 429");
        // Every 429 says "Retry-After: 1": whatever batch they belong to, no write is sent in the middle of that second
        // (writes already in flight when the 429 was sent arrive in its first moments).
        foreach (var refusal in writes.Where(r => r.Status == 429).Select(r => r.Time))
        {
            Assert.DoesNotContain(writes, r => r.Time > refusal + TimeSpan.FromMilliseconds(300) && r.Time < refusal + TimeSpan.FromMilliseconds(900));
        }
        var summary = (await h.Runs.GetAsync(result.RunId))!.Summary;
        Assert.True(summary.ThrottleWait > TimeSpan.Zero, "the run report records the throttling wait");
        Assert.All(h.Graph.Requests.Where(r => r.IsWrite && r.InBatch), r => Assert.Equal("Low", r.ThrottlePriority, ignoreCase: true));
    }

    [Fact]
    public async Task Near_a_quota_shared_with_others_the_run_slows_down_before_Graph_has_to_refuse()
    {
        // Graph's quota here is 300 writes per 15 s (a bucket refilled at 20 a second), ten times smaller than the
        // ceiling we are configured for (3,000 per 150 s, whose first window would go at once): as if other apps used
        // the rest. Only x-ms-throttle-limit-percentage, sent from 80 % use, can tell the run to slow down in time.
        // 200 users are 400 writes (create, then licence). Two batches in flight: when the first header comes at most
        // 259 + 20 writes are used, and from then on writes go no faster than the bucket refills, so none is refused.
        await using var h = await ProvisioningHarness.StartAsync(
            graph =>
            {
                graph.WriteLimit = 300;
                graph.WriteWindow = TimeSpan.FromSeconds(15);
            },
            new Dictionary<string, string?> { ["MaxParallelBatches"] = "2" });
        for (var i = 0; i < 200; i++)
        {
            await h.AddUserAsync($"near{i:D3}@contoso.com");
        }

        var result = await h.RunAsync();

        ProvisioningHarness.AssertSucceeded(result);
        Assert.Equal(200, h.Graph.Users.Count);
        Assert.All(h.Graph.Users, u => Assert.Equal([ProvisioningHarness.E3], u.AssignedSkuIds));
        Assert.Equal(400, h.Graph.Requests.Count(r => r.IsWrite && r.InBatch));
        Assert.DoesNotContain(h.Graph.Requests, r => r.Status == 429);
    }

    [Fact]
    public async Task The_configured_write_ceiling_holds_without_any_429()
    {
        await using var h = await ProvisioningHarness.StartAsync(settings: new Dictionary<string, string?>
        {
            ["WritesPerWindow"] = "30",
            ["WriteWindow"] = "00:00:03",
        });
        for (var i = 0; i < 40; i++)
        {
            await h.AddUserAsync($"ceiling{i:D2}@contoso.com");
        }

        var result = await h.RunAsync();

        ProvisioningHarness.AssertSucceeded(result);
        var writes = h.Graph.Requests.Where(r => r.IsWrite && r.InBatch).Select(r => r.Time).ToList();
        Assert.Equal(80, writes.Count);
        Assert.DoesNotContain(h.Graph.Requests, r => r.Status == 429);
        // Arrival times carry the client's send jitter, so the windows checked are a little shorter than 3 s.
        foreach (var start in writes)
        {
            Assert.True(writes.Count(t => t >= start && t < start + TimeSpan.FromSeconds(2.8)) <= 30, "no 3-second window holds more than 30 writes");
        }

        // 80 writes at 30 per 3 s need at least two full windows after the first burst.
        Assert.True(writes[^1] - writes[0] >= TimeSpan.FromSeconds(6) - TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public async Task A_retried_503_succeeds()
    {
        await using var h = await ProvisioningHarness.StartAsync();
        await h.AddUserAsync("retry@contoso.com");
        h.Graph.FailNext(2, 503);

        var result = await h.RunAsync();

        ProvisioningHarness.AssertSucceeded(result);
        Assert.NotNull(h.Graph.FindUser("retry@contoso.com"));
        Assert.Contains(h.Graph.Requests, r => r.Status == 503);
    }

    [Fact]
    public async Task Graph_down_fails_the_run_with_a_clear_message_and_changes_nothing()
    {
        await using var h = await ProvisioningHarness.StartAsync();
        await h.AddUserAsync("down@contoso.com");
        h.Graph.SetDown(true);

        var result = await h.RunAsync();

        Assert.Equal(RunStatus.Failed, result.Status);
        Assert.StartsWith("Microsoft Graph failed:", result.Message, StringComparison.Ordinal);
        Assert.Empty(await h.Ledger.ListAsync("contoso"));
        var summary = (await h.Runs.ListAsync(5))[0];
        Assert.Equal(RunStatus.Failed, summary.Status);
    }
}
