using System.Net;
using IdpFederation.Core.Policies;
using IdpFederation.Core.State;

namespace IdpFederation.Core.Lockout;

/// <summary>
/// Extranet smart lockout (AD FS's model): bad passwords are counted per user separately for familiar and
/// unfamiliar client IPs, so an attacker abroad exhausts only the unfamiliar allowance while the user still signs in
/// from the office. A per-IP counter across all users catches password spraying. Counters live in the shared store,
/// so every instance sees the same counts.
/// <para>
/// Every attempt is <b>reserved before the password is hashed</b> (<see cref="ICounterStore.TryReserveAsync"/>, the
/// same mechanism as the MFA limit): of any number of parallel guesses, on any instance, at most the threshold are
/// ever checked. Reading the counts first and writing failures after the hash let a burst check them all.
/// </para>
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

    /// <summary>
    /// Takes this attempt's slots: the user's counter for the path (familiar or not) and, for an unfamiliar path, the
    /// IP's spray counter. A familiar path does not need the IP's slot, so a sprayer behind a shared NAT or an
    /// untrusted proxy cannot lock out the users who sign in from there every day (AD FS ESL keeps the familiar path
    /// open for the same reason); their own familiar allowance still bounds guesses at them. The caller must end the
    /// attempt with exactly one of the <see cref="PasswordAttempt"/> methods.
    /// </summary>
    public async Task<PasswordAttempt> ReserveAsync(string userPrincipalName, IPAddress? clientIp, CancellationToken cancellationToken = default)
    {
        var settings = _policies.Current.Lockout;
        if (settings.Mode == LockoutMode.Off)
        {
            return PasswordAttempt.Untracked;
        }

        var keys = new LockoutKeys(userPrincipalName, clientIp);
        var familiar = keys.Familiar is not null && await _counters.GetAsync(keys.Familiar, cancellationToken).ConfigureAwait(false) > 0;
        var attempt = new PasswordAttempt(this, keys, familiar, settings);
        if (clientIp is not null && settings.BannedRanges.Any(r => r.Contains(clientIp)))
        {
            attempt.Refuse("banned IP");
            if (attempt.Blocked)
            {
                return attempt;
            }
        }

        var ipKey = familiar ? null : keys.IpFailures;
        if (ipKey is not null
            && !await ReserveAsync(attempt, ipKey, settings.IpThreshold, $"IP over {settings.IpThreshold} failures (spray)", cancellationToken).ConfigureAwait(false))
        {
            return attempt;
        }

        var threshold = familiar ? settings.FamiliarThreshold : settings.UnfamiliarThreshold;
        if (!await ReserveAsync(attempt, keys.UserFailures(familiar), threshold, familiar ? "locked from familiar IPs" : "locked from unfamiliar IPs", cancellationToken).ConfigureAwait(false))
        {
            // The password will not be checked, so the IP's slot taken above goes back.
            await attempt.ReleaseAsync(cancellationToken).ConfigureAwait(false);
        }

        return attempt;
    }

    /// <summary>
    /// Enforce: a slot only while under the limit, else the attempt is refused. Log only: always counted, and an
    /// attempt over the limit is marked as one that would have been blocked; its password is still checked.
    /// </summary>
    private async Task<bool> ReserveAsync(PasswordAttempt attempt, string key, int limit, string reason, CancellationToken cancellationToken)
    {
        var settings = attempt.Settings;
        if (settings.Mode == LockoutMode.Enforce)
        {
            var reservation = await _counters.TryReserveAsync(key, limit, settings.Window, cancellationToken).ConfigureAwait(false);
            if (!reservation.Granted)
            {
                attempt.Refuse(reason);
                return false;
            }

            attempt.Reserved.Add(key);
            return true;
        }

        var count = await _counters.IncrementAsync(key, settings.Window, cancellationToken).ConfigureAwait(false);
        attempt.Reserved.Add(key);
        if (count > limit)
        {
            attempt.Refuse(reason);
        }

        return true;
    }

    internal Task ReleaseAsync(IEnumerable<string> keys, CancellationToken cancellationToken) =>
        Task.WhenAll(keys.Select(k => _counters.ReleaseAsync(k, cancellationToken)));

    /// <summary>Makes the IP familiar for the user and clears that path's failures, as AD FS does on success.</summary>
    internal Task SucceededAsync(PasswordAttempt attempt, CancellationToken cancellationToken)
    {
        var userKey = attempt.Keys.UserFailures(attempt.Familiar);
        var reset = _counters.ResetAsync(userKey, cancellationToken);
        // A success is not a failure of the address: its spray slot goes back, without forgiving the others' failures.
        var release = ReleaseAsync(attempt.Reserved.Where(k => k != userKey), cancellationToken);
        var remember = attempt.Keys.Familiar is null || attempt.Familiar
            ? Task.CompletedTask
            : _counters.IncrementAsync(attempt.Keys.Familiar, attempt.Settings.FamiliarFor, cancellationToken);
        return Task.WhenAll(reset, release, remember);
    }

    /// <summary>
    /// The reserved slots become the recorded failures. A failure on the familiar path took no spray slot; it still
    /// counts towards the address's spray total, which then stops unfamiliar attempts from there.
    /// </summary>
    internal Task FailedAsync(PasswordAttempt attempt, CancellationToken cancellationToken) =>
        attempt.Familiar && attempt.Keys.IpFailures is { } ip
            ? _counters.IncrementAsync(ip, attempt.Settings.Window, cancellationToken)
            : Task.CompletedTask;
}
