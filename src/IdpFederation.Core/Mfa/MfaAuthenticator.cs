using IdpFederation.Core.Authentication;
using IdpFederation.Core.Configuration;
using IdpFederation.Core.Directory;
using IdpFederation.Core.Policies;
using IdpFederation.Core.Sessions;
using IdpFederation.Core.State;
using Microsoft.Extensions.Options;

namespace IdpFederation.Core.Mfa;

/// <summary>
/// The second factor's rules in one place, for every page and protocol: enrolment, TOTP and recovery codes, replay
/// protection and the attempt limit. Wrong codes of either kind share one per-user counter in the shared state
/// store; <c>lockout.mfaThreshold</c> of them within <c>lockout.window</c> lock the user's MFA (even a right code is
/// then refused). Unlike the password lockout this limit has no log-only or off mode: without it an attacker holding
/// the password could simply walk the 10^6 codes.
/// </summary>
public sealed class MfaAuthenticator
{
    private readonly IMfaEnrollmentStore _enrollments;
    private readonly MfaSecretProtector _protector;
    private readonly IReplayCache _replay;
    private readonly ICounterStore _counters;
    private readonly IPolicyProvider _policies;
    private readonly IOptionsMonitor<IdpOptions> _options;
    private readonly TimeProvider _time;
    private readonly PasswordHashingGate _hashing;

    public MfaAuthenticator(IMfaEnrollmentStore enrollments, MfaSecretProtector protector, IReplayCache replay, ICounterStore counters,
        IPolicyProvider policies, IOptionsMonitor<IdpOptions> options, TimeProvider time, PasswordHashingGate hashing)
    {
        _hashing = hashing;
        _enrollments = enrollments;
        _protector = protector;
        _replay = replay;
        _counters = counters;
        _policies = policies;
        _options = options;
        _time = time;
    }

    /// <summary>The issuer authenticator apps show next to the account.</summary>
    public string Issuer => (_options.CurrentValue.Mfa.Issuer ?? _options.CurrentValue.Branding.OrganizationName).Replace(':', ' ').Trim();

    /// <summary>
    /// The pending (unconfirmed) enrolment to show in the sign-in flow <paramref name="flowId"/>. While enrolling, the
    /// seed is protected for that flow only: reloading the page in the same flow shows the same seed (an app that
    /// already scanned it keeps working), while any other flow, even with the password, gets a new seed and makes
    /// this one unconfirmable. So nobody can show a user a seed they also hold, nor see the seed the user is scanning.
    /// </summary>
    /// <param name="flowId">The pending sign-in's ID, a secret only this browser's flow knows.</param>
    /// <exception cref="InvalidOperationException">The user already has a confirmed enrolment.</exception>
    public async Task<PendingEnrollment> BeginEnrollmentAsync(DirectoryUser user, string flowId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        var existing = await _enrollments.GetAsync(user.Id, cancellationToken).ConfigureAwait(false);
        if (existing is { IsConfirmed: true })
        {
            throw new InvalidOperationException("The user is already enrolled; an administrator must reset MFA first.");
        }

        if (existing is not null && _protector.TryUnprotect(FlowOwner(user, flowId), existing.ProtectedSeed, out var kept))
        {
            return new PendingEnrollment(kept, kept.ToKeyUri(Issuer, user.UserPrincipalName));
        }

        var secret = TotpSecret.Generate();
        var pending = new MfaEnrollment(user.Id, _protector.Protect(FlowOwner(user, flowId), secret), _time.GetUtcNow(), null, []);
        if (!await _enrollments.SavePendingAsync(pending, cancellationToken).ConfigureAwait(false))
        {
            // Another sign-in completed enrolment since the read above; it must not be overwritten.
            throw new InvalidOperationException("The user is already enrolled; an administrator must reset MFA first.");
        }

        return new PendingEnrollment(secret, secret.ToKeyUri(Issuer, user.UserPrincipalName));
    }

    /// <summary>
    /// Confirms the enrolment begun in flow <paramref name="flowId"/> with a code from the user's app. On success the
    /// seed is re-protected for the user alone, the enrolment counts from now on, and the returned codes are the only
    /// time the user ever sees their recovery codes.
    /// </summary>
    public async Task<MfaCheck> ConfirmEnrollmentAsync(DirectoryUser user, string flowId, string? code, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        var enrollment = await _enrollments.GetAsync(user.Id, cancellationToken).ConfigureAwait(false);
        if (enrollment is null || enrollment.IsConfirmed || !_protector.TryUnprotect(FlowOwner(user, flowId), enrollment.ProtectedSeed, out var secret))
        {
            return new MfaCheck(MfaCheckOutcome.NotEnrolled);
        }

        var check = await VerifyTotpAsync(user, secret, code, cancellationToken).ConfigureAwait(false);
        if (!check.Succeeded)
        {
            return check;
        }

        // Millisecond precision: sessions and remember-device cookies compare this instant after a database round trip.
        var confirmedAt = DateTimeOffset.FromUnixTimeMilliseconds(_time.GetUtcNow().ToUnixTimeMilliseconds());
        var issued = await _hashing.RunAsync(() => RecoveryCodes.Issue(), cancellationToken).ConfigureAwait(false);
        var confirmedSeed = _protector.Protect(SeedOwner(user), secret);
        if (!await _enrollments.ConfirmPendingAsync(user.Id, enrollment.ProtectedSeed, confirmedSeed, issued.Hashes, confirmedAt, cancellationToken).ConfigureAwait(false))
        {
            // Another sign-in began or completed an enrolment since the read above: the user must not be told of an
            // enrolment that is not the one stored.
            return new MfaCheck(MfaCheckOutcome.NotEnrolled);
        }

        return check with
        {
            RecoveryCodes = issued.Codes,
            RecoveryCodesLeft = issued.Codes.Count,
            Enrollment = new MfaEnrollment(user.Id, confirmedSeed, enrollment.CreatedAt, confirmedAt, issued.Hashes),
        };
    }

    /// <summary>Checks a code from the user's authenticator app against their confirmed enrolment.</summary>
    public async Task<MfaCheck> VerifyCodeAsync(DirectoryUser user, string? code, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        var enrollment = await _enrollments.GetAsync(user.Id, cancellationToken).ConfigureAwait(false);
        if (enrollment is not { IsConfirmed: true })
        {
            return new MfaCheck(MfaCheckOutcome.NotEnrolled);
        }

        if (!_protector.TryUnprotect(SeedOwner(user), enrollment.ProtectedSeed, out var secret))
        {
            return new MfaCheck(MfaCheckOutcome.SeedUnreadable);
        }

        var check = await VerifyTotpAsync(user, secret, code, cancellationToken).ConfigureAwait(false);
        return check.Succeeded ? check with { Enrollment = enrollment } : check;
    }

    /// <summary>Spends one recovery code; a code works once, even when two sign-ins race with it.</summary>
    public async Task<MfaCheck> VerifyRecoveryCodeAsync(DirectoryUser user, string? typed, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        var enrollment = await _enrollments.GetAsync(user.Id, cancellationToken).ConfigureAwait(false);
        if (enrollment is not { IsConfirmed: true })
        {
            return new MfaCheck(MfaCheckOutcome.NotEnrolled);
        }

        // As for TOTP codes and passwords: the attempt is reserved before the code is looked at, so racing requests
        // cannot exceed the limit, and forgotten only on success.
        var lockout = _policies.Current.Lockout;
        var key = TotpVerifier.FailureCounterKey(UserKey(user));
        var reservation = await _counters.TryReserveAsync(key, lockout.MfaThreshold, lockout.Window, cancellationToken).ConfigureAwait(false);
        if (!reservation.Granted)
        {
            return new MfaCheck(MfaCheckOutcome.LockedOut, reservation.Count);
        }

        var attempt = reservation.Count;

        // A recovery code check is deliberately slow PBKDF2 (about 0.1 s; docs/benchmarks.md), so it queues behind the
        // same bounded gate as password hashing and a flood of attempts cannot starve token issuance.
        var hashes = enrollment.RecoveryCodeHashes;
        var matched = await _hashing.RunAsync(() => RecoveryCodes.Verify(typed, hashes), cancellationToken).ConfigureAwait(false);
        if (matched is { } index && await _enrollments.RemoveRecoveryCodeAsync(user.Id, hashes[index], cancellationToken).ConfigureAwait(false))
        {
            await _counters.ResetAsync(key, cancellationToken).ConfigureAwait(false);
            return new MfaCheck(MfaCheckOutcome.Accepted) { RecoveryCodesLeft = hashes.Count - 1, Enrollment = enrollment };
        }

        return Refused(matched is null ? MfaCheckOutcome.Invalid : MfaCheckOutcome.Replayed, attempt, lockout);
    }

    /// <summary>Non-null (and LockedOut) when the user's MFA is locked right now.</summary>
    public async Task<MfaCheck?> LockedOutAsync(DirectoryUser user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        var failures = await _counters.GetAsync(TotpVerifier.FailureCounterKey(UserKey(user)), cancellationToken).ConfigureAwait(false);
        return failures >= _policies.Current.Lockout.MfaThreshold ? new MfaCheck(MfaCheckOutcome.LockedOut, failures) : null;
    }

    /// <summary>Forgets wrong codes (an administrator's reset).</summary>
    public Task ResetFailuresAsync(DirectoryUser user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        return _counters.ResetAsync(TotpVerifier.FailureCounterKey(UserKey(user)), cancellationToken);
    }

    /// <summary>The replay and failure key: the user's ID, which survives a change of UPN.</summary>
    public static string UserKey(DirectoryUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.Id.ToString("N");
    }

    private async Task<MfaCheck> VerifyTotpAsync(DirectoryUser user, TotpSecret secret, string? code, CancellationToken cancellationToken)
    {
        var lockout = _policies.Current.Lockout;
        var verifier = new TotpVerifier(_replay, _counters, _time, lockout.Window);
        var result = await verifier.VerifyAsync(UserKey(user), secret.ToTotp(), code, lockout.MfaThreshold, cancellationToken).ConfigureAwait(false);
        return result.Outcome switch
        {
            TotpOutcome.Accepted => new MfaCheck(MfaCheckOutcome.Accepted),
            TotpOutcome.LockedOut => new MfaCheck(MfaCheckOutcome.LockedOut, result.Failures),
            TotpOutcome.Replayed => Refused(MfaCheckOutcome.Replayed, result.Failures, lockout),
            _ => Refused(MfaCheckOutcome.Invalid, result.Failures, lockout),
        };
    }

    private static MfaCheck Refused(MfaCheckOutcome outcome, long failures, CompiledLockout lockout)
    {
        // The counter is incremented atomically, so of any number of concurrent attempts exactly one lands on the
        // threshold: that one is the lockout to audit.
        if (failures >= lockout.MfaThreshold)
        {
            return new MfaCheck(MfaCheckOutcome.LockedOut, failures) { LockedNow = failures == lockout.MfaThreshold };
        }

        return new MfaCheck(outcome, failures) { AttemptsLeft = (int)(lockout.MfaThreshold - failures) };
    }

    // The seed's Data Protection sub-purpose: the user's ID, so a seed copied onto another row cannot be unprotected.
    private static string SeedOwner(DirectoryUser user) => user.Id.ToString("N");

    // While enrolling, also the flow: a seed only the browser that began the enrolment can see or confirm.
    private static string FlowOwner(DirectoryUser user, string flowId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(flowId);
        return SeedOwner(user) + "/enrolling/" + SessionIds.StorageKey(flowId);
    }
}

/// <param name="Secret">Shown once as base32 and as the QR code; never stored unprotected.</param>
/// <param name="KeyUri">The otpauth:// URI the QR code carries.</param>
public sealed record PendingEnrollment(TotpSecret Secret, string KeyUri);

public enum MfaCheckOutcome
{
    Accepted = 1,
    Invalid,
    Replayed,
    LockedOut,
    NotEnrolled,

    /// <summary>The stored seed cannot be decrypted (Data Protection key lost): only a recovery code or a reset helps.</summary>
    SeedUnreadable,
}

/// <param name="Failures">Wrong codes in the current window after this attempt.</param>
public sealed record MfaCheck(MfaCheckOutcome Outcome, long Failures = 0)
{
    public bool Succeeded => Outcome == MfaCheckOutcome.Accepted;

    /// <summary>True for the attempt that reached the threshold: the one to audit as a lockout.</summary>
    public bool LockedNow { get; init; }

    /// <summary>Wrong codes still allowed before the lockout.</summary>
    public int? AttemptsLeft { get; init; }

    public int? RecoveryCodesLeft { get; init; }

    /// <summary>Only after a confirmed enrolment: the new recovery codes, to show once.</summary>
    public IReadOnlyList<string>? RecoveryCodes { get; init; }

    /// <summary>On success: the confirmed enrolment the factor was proved with (sessions and remembered devices bind to it).</summary>
    public MfaEnrollment? Enrollment { get; init; }
}
