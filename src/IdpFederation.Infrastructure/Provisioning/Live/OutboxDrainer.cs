using IdpFederation.Core.Configuration;
using IdpFederation.Core.Provisioning;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IdpFederation.Infrastructure.Provisioning.Live;

/// <summary>
/// Live mode: pushes recorded directory changes to Microsoft 365 within seconds. Every instance runs this loop, but
/// only the holder of the "provisioning-outbox" lease drains, so changes go out once and in order. A change leaves the
/// outbox only after Microsoft 365 has it; while Graph is down it stays, retried with growing delays, and a restart
/// finds it where it was (architecture principle 13).
/// </summary>
public sealed partial class OutboxDrainer(
    IProvisioningOutbox outbox,
    IProvisioningLease lease,
    LiveChangePusher pusher,
    IOptionsMonitor<IdpOptions> options,
    TimeProvider time,
    ILogger<OutboxDrainer> logger) : BackgroundService
{
    public const string LeaseName = "provisioning-outbox";

    /// <summary>How long a holder keeps the lease without renewing: a dead holder's successor waits at most this.</summary>
    public static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(30);

    private readonly string _holder = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    /// <summary>How often an idle or lease-less instance looks again; tests shorten it.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var drained = 0;
            try
            {
                if (options.CurrentValue.Provisioning.Tenants.Any(t => t.LiveMode) &&
                    await lease.TryAcquireAsync(LeaseName, _holder, LeaseDuration, stoppingToken).ConfigureAwait(false))
                {
                    drained = await DrainOnceAsync(stoppingToken).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // The database itself is unavailable: nothing is lost (the rows stay), so wait and try again.
                LogDrainFailed(ex.GetType().Name, ex.Message);
            }

            if (drained == 0)
            {
                try
                {
                    await Task.Delay(PollInterval, time, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>One pass over the due entries, a user at a time; returns how many entries it settled.</summary>
    internal async Task<int> DrainOnceAsync(CancellationToken cancellationToken)
    {
        var due = await outbox.ListDueAsync(200, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        var settled = 0;
        foreach (var user in due.GroupBy(e => e.UserId))
        {
            var entries = user.ToList();
            var outcome = await pusher.PushAsync(entries, cancellationToken).ConfigureAwait(false);
            if (outcome.Delivered)
            {
                await outbox.CompleteAsync(entries.Select(e => e.Id).ToArray(), cancellationToken).ConfigureAwait(false);
                settled += entries.Count;
            }
            else
            {
                var attempts = entries.Max(e => e.Attempts) + 1;
                var retryAt = time.GetUtcNow() + RetryDelay(attempts);
                foreach (var entry in entries)
                {
                    await outbox.DeferAsync(entry.Id, retryAt, outcome.Failure ?? "not delivered", cancellationToken).ConfigureAwait(false);
                }

                LogDeferred(entries[0].UserPrincipalName, attempts, retryAt, outcome.Failure ?? "");
            }

            // Renew between users, so a long pass never outlives the lease and lets a second drainer in.
            if (!await lease.TryAcquireAsync(LeaseName, _holder, LeaseDuration, cancellationToken).ConfigureAwait(false))
            {
                break;
            }
        }

        return settled;
    }

    /// <summary>2 s, 4 s, 8 s ... up to 5 minutes: an outage costs a few requests a minute, and recovery is noticed quickly.</summary>
    internal static TimeSpan RetryDelay(int attempts) => TimeSpan.FromSeconds(Math.Min(300, Math.Pow(2, Math.Min(attempts, 9))));

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await lease.ReleaseAsync(LeaseName, _holder, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Not releasing only delays the next holder by the lease's lifetime.
            LogDrainFailed(ex.GetType().Name, ex.Message);
        }
    }

    [LoggerMessage(EventId = 6011, Level = LogLevel.Warning, Message = "Live provisioning could not read or settle the outbox ({Kind}): {Reason}")]
    private partial void LogDrainFailed(string kind, string reason);

    [LoggerMessage(EventId = 6012, Level = LogLevel.Information, Message = "Live provisioning of {UserPrincipalName} deferred (attempt {Attempts}) until {RetryAt:O}: {Reason}")]
    private partial void LogDeferred(string userPrincipalName, int attempts, DateTimeOffset retryAt, string reason);
}
