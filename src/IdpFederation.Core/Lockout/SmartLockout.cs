using System.Net;
using IdpFederation.Core.Policies;
using IdpFederation.Core.State;

namespace IdpFederation.Core.Lockout;

/// <summary>
/// Extranet smart lockout (AD FS's model): bad passwords are counted per user separately for familiar and
/// unfamiliar client IPs, so an attacker abroad exhausts only the unfamiliar allowance while the user still signs in
/// from the office. A per-IP counter across all users catches password spraying. Counters live in the shared store,
/// so every instance sees the same counts.
/// </summary>
public sealed class SmartLockout
{
    private readonly ICounterStore _counters;
    private readonly IPolicyProvider _policies;

    public SmartLockout(ICounterStore counters, IPolicyProvider policies)
    {
        _counters = counters;
        _policies = policies;
    }

    public async Task<LockoutCheck> CheckAsync(string userPrincipalName, IPAddress? clientIp, CancellationToken cancellationToken = default)
    {
        var settings = _policies.Current.Lockout;
        if (settings.Mode == LockoutMode.Off)
        {
            return LockoutCheck.Clear(familiar: false);
        }

        var keys = new LockoutKeys(userPrincipalName, clientIp);
        var familiarTask = keys.Familiar is null ? Task.FromResult(0L) : _counters.GetAsync(keys.Familiar, cancellationToken);
        var ipTask = keys.IpFailures is null ? Task.FromResult(0L) : _counters.GetAsync(keys.IpFailures, cancellationToken);
        var familiar = await familiarTask.ConfigureAwait(false) > 0;
        var userFailures = await _counters.GetAsync(keys.UserFailures(familiar), cancellationToken).ConfigureAwait(false);
        var ipFailures = await ipTask.ConfigureAwait(false);

        string? reason = null;
        if (clientIp is not null && settings.BannedRanges.Any(r => r.Contains(clientIp)))
        {
            reason = "banned IP";
        }
        else if (ipFailures >= settings.IpThreshold)
        {
            reason = $"IP over {settings.IpThreshold} failures (spray)";
        }
        else if (userFailures >= (familiar ? settings.FamiliarThreshold : settings.UnfamiliarThreshold))
        {
            reason = familiar ? "locked from familiar IPs" : "locked from unfamiliar IPs";
        }

        return reason is null
            ? LockoutCheck.Clear(familiar)
            : new LockoutCheck(Blocked: settings.Mode == LockoutMode.Enforce, Familiar: familiar, Reason: settings.Mode == LockoutMode.Enforce ? reason : "would block (log only): " + reason);
    }

    public async Task RecordFailureAsync(string userPrincipalName, IPAddress? clientIp, bool familiar, CancellationToken cancellationToken = default)
    {
        var settings = _policies.Current.Lockout;
        if (settings.Mode == LockoutMode.Off)
        {
            return;
        }

        var keys = new LockoutKeys(userPrincipalName, clientIp);
        var user = _counters.IncrementAsync(keys.UserFailures(familiar), settings.Window, cancellationToken);
        var ip = keys.IpFailures is null ? Task.FromResult(0L) : _counters.IncrementAsync(keys.IpFailures, settings.Window, cancellationToken);
        await Task.WhenAll(user, ip).ConfigureAwait(false);
    }

    /// <summary>Makes the IP familiar for the user and clears that path's failures, as AD FS does on success.</summary>
    public async Task RecordSuccessAsync(string userPrincipalName, IPAddress? clientIp, bool familiar, CancellationToken cancellationToken = default)
    {
        var settings = _policies.Current.Lockout;
        if (settings.Mode == LockoutMode.Off)
        {
            return;
        }

        var keys = new LockoutKeys(userPrincipalName, clientIp);
        var reset = _counters.ResetAsync(keys.UserFailures(familiar), cancellationToken);
        var remember = keys.Familiar is null || familiar ? Task.CompletedTask : _counters.IncrementAsync(keys.Familiar, settings.FamiliarFor, cancellationToken);
        await Task.WhenAll(reset, remember).ConfigureAwait(false);
    }
}

/// <param name="Reason">Why the attempt is or would be blocked; null when clear.</param>
public sealed record LockoutCheck(bool Blocked, bool Familiar, string? Reason)
{
    public static LockoutCheck Clear(bool familiar) => new(false, familiar, null);
}
