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
        var schedule = new ScheduledSync(h.Runner, h.Runs, lease, h.Services.GetRequiredService<IOptionsMonitor<IdpOptions>>(), time, NullLogger<ScheduledSync>.Instance);

        // Never synced: due now.
        Assert.True(await schedule.RunIfDueAsync(h.Tenant, CancellationToken.None));
        Assert.NotNull(h.Graph.FindUser("tina@contoso.com"));
        Assert.Equal(RunTrigger.Scheduled, (await h.Runs.ListAsync(1))[0].Trigger);

        // Not due again until the interval has passed; someone renames the user in the portal meanwhile.
        h.Graph.SetUserProperty("tina@contoso.com", "displayName", "Changed In Portal");
        time.Advance(TimeSpan.FromHours(5));
        Assert.False(await schedule.RunIfDueAsync(h.Tenant, CancellationToken.None));
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
}
