using IdpFederation.Core.Configuration;
using IdpFederation.Core.Provisioning;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IdpFederation.Infrastructure.Provisioning.Live;

/// <summary>
/// The full sync every FullSyncInterval, which also repairs drift made in Microsoft 365 (a licence removed by hand, a
/// changed display name). Due when the tenant's last full run (scheduled or manual, not a dry run) started that long
/// ago. One instance runs it, holding a per-tenant lease that it renews while the run lasts. Between full syncs the
/// same loop runs <see cref="DeltaDriftRepair"/> every check interval.
/// </summary>
public sealed partial class ScheduledSync(
    ProvisioningRunner runner,
    DeltaDriftRepair drift,
    IProvisioningRunStore runs,
    IProvisioningLease lease,
    IOptionsMonitor<IdpOptions> options,
    TimeProvider time,
    ILogger<ScheduledSync> logger) : BackgroundService
{
    private static readonly TimeSpan LeaseDuration = TimeSpan.FromMinutes(5);
    private readonly string _holder = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    public TimeSpan CheckInterval { get; init; } = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            // A tenant whose app is not registered yet (no client ID or credential) has nothing to sync with.
            foreach (var tenant in options.CurrentValue.Provisioning.Tenants.Where(t => t.FullSyncInterval > TimeSpan.Zero && IsRegistered(t)))
            {
                try
                {
                    await RunIfDueAsync(tenant, stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    LogScheduleFailed(tenant.Name, ex.GetType().Name, ex.Message);
                }
            }

            try
            {
                await Task.Delay(CheckInterval, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    internal async Task<bool> RunIfDueAsync(ProvisioningTenantOptions tenant, CancellationToken cancellationToken)
    {
        var last = (await runs.ListAsync(200, cancellationToken).ConfigureAwait(false))
            .Where(r => r.Tenant == tenant.Name && !r.DryRun && r.Trigger is RunTrigger.Scheduled or RunTrigger.Manual)
            .Select(r => (DateTimeOffset?)r.StartedAt).FirstOrDefault();
        var due = last is not { } started || started + tenant.FullSyncInterval <= time.GetUtcNow();
        var name = $"provisioning-sync:{tenant.Name}";
        if (!await lease.TryAcquireAsync(name, _holder, LeaseDuration, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        if (!due)
        {
            // Between full syncs, the delta query brings only what changed in Microsoft 365 since the last look.
            try
            {
                await drift.RunOnceAsync(tenant, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                await lease.ReleaseAsync(name, _holder, CancellationToken.None).ConfigureAwait(false);
            }

            return false;
        }

        using var renewing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var renewal = RenewAsync(name, renewing.Token);
        try
        {
            // Scheduled runs respect the guard: a refused run waits for an administrator's --force.
            var result = await runner.RunAsync(tenant, RunTrigger.Scheduled, dryRun: false, force: false, cancellationToken).ConfigureAwait(false);
            LogScheduledRun(tenant.Name, result.RunId, result.Status);
            return true;
        }
        finally
        {
            await renewing.CancelAsync().ConfigureAwait(false);
            await renewal.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await lease.ReleaseAsync(name, _holder, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static bool IsRegistered(ProvisioningTenantOptions tenant) => !string.IsNullOrWhiteSpace(tenant.ClientId) &&
        (!string.IsNullOrWhiteSpace(tenant.ClientSecretFile) || !string.IsNullOrWhiteSpace(tenant.ClientSecretVariable) || !string.IsNullOrWhiteSpace(tenant.CertificatePath));

    private async Task RenewAsync(string name, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(LeaseDuration / 3, time, cancellationToken).ConfigureAwait(false);
            await lease.TryAcquireAsync(name, _holder, LeaseDuration, cancellationToken).ConfigureAwait(false);
        }
    }

    [LoggerMessage(EventId = 6021, Level = LogLevel.Information, Message = "Scheduled provisioning run {RunId} for tenant {Tenant} ended {Status}")]
    private partial void LogScheduledRun(string tenant, long runId, RunStatus status);

    [LoggerMessage(EventId = 6022, Level = LogLevel.Warning, Message = "Scheduled provisioning for tenant {Tenant} could not start ({Kind}): {Reason}")]
    private partial void LogScheduleFailed(string tenant, string kind, string reason);
}
