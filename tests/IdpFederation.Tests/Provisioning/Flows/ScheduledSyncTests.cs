using IdpFederation.Core.Configuration;
using IdpFederation.Core.Provisioning;
using IdpFederation.Infrastructure.Provisioning;
using IdpFederation.Infrastructure.Provisioning.Live;
using IdpFederation.Tests.CoreLayer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace IdpFederation.Tests.Provisioning.Flows;

/// <summary>The scheduled full sync: due after FullSyncInterval since the last full run, repairs drift, one instance at a time.</summary>
[Trait("Kind", "Integration")]
public sealed class ScheduledSyncTests
{
    [Fact]
    public async Task A_full_sync_runs_when_due_repairs_drift_and_waits_for_another_holder()
    {
        var time = new ManualTimeProvider(DateTimeOffset.UtcNow);
        await using var h = await ProvisioningHarness.StartAsync(settings: new Dictionary<string, string?> { ["FullSyncInterval"] = "06:00:00" }, time: time);
        await h.AddUserAsync("tina@contoso.com", "Tina");
        var lease = h.Services.GetRequiredService<IProvisioningLease>();
        var schedule = new ScheduledSync(h.Runner, h.Services.GetRequiredService<DeltaDriftRepair>(), h.Runs, lease, h.Services.GetRequiredService<IOptionsMonitor<IdpOptions>>(), time, NullLogger<ScheduledSync>.Instance);

        // Never synced: due now.
        Assert.True(await schedule.RunIfDueAsync(h.Tenant, CancellationToken.None));
        Assert.NotNull(h.Graph.FindUser("tina@contoso.com"));
        Assert.Equal(RunTrigger.Scheduled, (await h.Runs.ListAsync(1))[0].Trigger);

        // Not due again until the interval has passed; a rename in the portal meanwhile is put back by the delta check
        // the same loop runs between full syncs.
        h.Graph.SetUserProperty("tina@contoso.com", "displayName", "Changed In Portal");
        time.Advance(TimeSpan.FromHours(5));
        Assert.False(await schedule.RunIfDueAsync(h.Tenant, CancellationToken.None));
        Assert.Equal("Tina", h.Graph.FindUser("tina@contoso.com")!.DisplayName);
        Assert.Equal(RunTrigger.Drift, (await h.Runs.ListAsync(1))[0].Trigger);
        h.Graph.SetUserProperty("tina@contoso.com", "displayName", "Changed Again");
        time.Advance(TimeSpan.FromHours(1));

        // Another instance holds the tenant's sync lease: this one leaves it alone.
        Assert.True(await lease.TryAcquireAsync("provisioning-sync:contoso", "other-instance", TimeSpan.FromMinutes(5)));
        Assert.False(await schedule.RunIfDueAsync(h.Tenant, CancellationToken.None));
        await lease.ReleaseAsync("provisioning-sync:contoso", "other-instance");

        Assert.True(await schedule.RunIfDueAsync(h.Tenant, CancellationToken.None));
        Assert.Equal("Tina", h.Graph.FindUser("tina@contoso.com")!.DisplayName);

        // A manual run counts as the full sync: the next scheduled one waits a full interval from it.
        time.Advance(TimeSpan.FromHours(3));
        ProvisioningHarness.AssertSucceeded(await h.RunAsync());
        time.Advance(TimeSpan.FromHours(4));
        Assert.False(await schedule.RunIfDueAsync(h.Tenant, CancellationToken.None));
    }

    [Fact]
    public async Task The_delta_check_reads_only_what_changed_since_the_last_round_and_repairs_it()
    {
        await using var h = await ProvisioningHarness.StartAsync();
        await h.AddUserAsync("uma@contoso.com", "Uma");
        await h.AddUserAsync("vic@contoso.com", "Vic");
        await h.AddUserAsync("wes@contoso.com", "Wes");
        var drift = h.Services.GetRequiredService<DeltaDriftRepair>();
        Assert.Equal(0, await drift.RunOnceAsync(h.Tenant));
        ProvisioningHarness.AssertSucceeded(await h.RunAsync());

        // The full sync read before it wrote, so its own writes come back in the first round: re-planned, nothing to do.
        var writes = h.Graph.WriteCount;
        Assert.Equal(3, await drift.RunOnceAsync(h.Tenant));
        Assert.Equal(writes, h.Graph.WriteCount);
        Assert.Equal(0, await drift.RunOnceAsync(h.Tenant));

        // Two of three users drift in the portal (one renamed, one's licence removed); only those two are re-planned.
        h.Graph.SetUserProperty("uma@contoso.com", "displayName", "Uma (renamed)");
        h.Graph.SetUserProperty("vic@contoso.com", "usageLocation", "NZ");
        Assert.Equal(2, await drift.RunOnceAsync(h.Tenant));
        Assert.Equal("Uma", h.Graph.FindUser("uma@contoso.com")!.DisplayName);
        Assert.Equal("AU", h.Graph.FindUser("vic@contoso.com")!.UsageLocation);
        var report = (await h.Runs.GetAsync((await h.Runs.ListAsync(1))[0].Id))!;
        Assert.Equal(RunTrigger.Drift, report.Summary.Trigger);
        Assert.Equal(["uma@contoso.com", "vic@contoso.com"], report.Items.Select(i => i.UserPrincipalName).Distinct().Order().ToArray());

        // The repair itself is a change Graph reports in the next round; it plans nothing new.
        writes = h.Graph.WriteCount;
        await drift.RunOnceAsync(h.Tenant);
        Assert.Equal(writes, h.Graph.WriteCount);
    }
}
