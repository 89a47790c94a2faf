using System.Collections.Concurrent;
using IdpFederation.Core.Configuration;

namespace IdpFederation.Infrastructure.Provisioning.Live;

/// <summary>
/// The mass-deprovisioning guard for live mode, where changes arrive one user at a time and no single plan sees the
/// whole: within any hour, at most MaxDeprovisionPercent of the provisioned users are disabled, unlicensed or deleted.
/// An emptied role or a bad import then stops after that share and waits; a full run with --force applies the rest.
/// </summary>
internal sealed class LiveDeprovisioningGuard(TimeProvider time)
{
    private static readonly TimeSpan Window = TimeSpan.FromHours(1);
    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _recent = new(StringComparer.Ordinal);

    public bool TryReserve(ProvisioningTenantOptions tenant, int provisioned)
    {
        var percent = tenant.Deprovisioning.MaxDeprovisionPercent;
        // A small tenant still deprovisions one user an hour unless the share is zero.
        var allowed = percent <= 0 ? 0 : Math.Max(1, (int)Math.Floor(provisioned * percent / 100));
        var recent = _recent.GetOrAdd(tenant.Name, _ => new Queue<DateTimeOffset>());
        var now = time.GetUtcNow();
        lock (recent)
        {
            while (recent.Count > 0 && recent.Peek() <= now - Window)
            {
                recent.Dequeue();
            }

            if (recent.Count >= allowed)
            {
                return false;
            }

            recent.Enqueue(now);
            return true;
        }
    }
}
