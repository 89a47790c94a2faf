using IdpFederation.Core.Authentication;
using IdpFederation.Core.Configuration;
using IdpFederation.Core.Directory;
using IdpFederation.Core.Policies;
using IdpFederation.Core.State;
using Microsoft.Extensions.Options;

namespace IdpFederation.Core.Mfa;

/// <summary>
/// The second factor's rules in one place, for every page and protocol: enrolment, TOTP and recovery codes, replay
/// protection and lockout. Wrong codes of either kind share one per-user counter in the shared state store; at the
/// policy file's <c>lockout.mfaThreshold</c> within <c>lockout.window</c> the user's MFA is locked (even a right code is
/// then refused), as the password lockout does, so an attacker holding the password cannot walk the 10^6 code space.
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
    /// The pending (unconfirmed) enrolment to show: the one begun in the last enrolment window is reused, so reloading
    /// the page does not invalidate a QR code the user has already scanned; anything older is replaced.
    /// </summary>
    /// <exception cref="InvalidOperationException">The user already has a confirmed enrolment.</exception>
    public async Task<PendingEnrollment> BeginEnrollmentAsync(DirectoryUser user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        var now = _time.GetUtcNow();
        var existing = await _enrollments.GetAsync(user.Id, cancellationToken).ConfigureAwait(false);
        if (existing is { IsConfirmed: true })
        {
            throw new InvalidOperationException("The user is already enrolled; an administrator must reset MFA first.");
        }

        if (existing is not null && now - existing.CreatedAt < _options.CurrentValue.Mfa.EnrollmentWindow
            && _protector.TryUnprotect(SeedOwner(user), existing.ProtectedSeed, out var kept))
        {
            return new PendingEnrollment(kept, kept.ToKeyUri(Issuer, user.UserPrincipalName));
        }

        var secret = TotpSecret.Generate();
        await _enrollments.SaveAsync(new MfaEnrollment(user.Id, _protector.Protect(SeedOwner(user), secret), now, null, []), cancellationToken).ConfigureAwait(false);
        return new PendingEnrollment(secret, secret.ToKeyUri(Issuer, user.UserPrincipalName));
    }

    /// <summary>
    /// Confirms the pending enrolment with a code from the user's app. On success the enrolment counts from now on and
    /// the returned codes are the only time the user ever sees their recovery codes.
    /// </summary>
    public async Task<MfaCheck> ConfirmEnrollmentAsync(DirectoryUser user, string? code, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        var enrollment = await _enrollments.GetAsync(user.Id, cancellationToken).ConfigureAwait(false);
        if (enrollment is null || enrollment.IsConfirmed || !_protector.TryUnprotect(SeedOwner(user), enrollment.ProtectedSeed, out var secret))
        {
            return new MfaCheck(MfaCheckOutcome.NotEnrolled);
        }

        var check = await VerifyTotpAsync(user, secret, code, cancellationToken).ConfigureAwait(false);
        if (!check.Succeeded)
        {
            return check;
        }

        // Millisecond precision: the remember-device cookie compares this instant after a database round trip.
        var confirmedAt = DateTimeOffset.FromUnixTimeMilliseconds(_time.GetUtcNow().ToUnixTimeMilliseconds());
        var issued = await _hashing.RunAsync(() => RecoveryCodes.Issue(), cancellationToken).ConfigureAwait(false);
        await _enrollments.ReplaceRecoveryCodesAsync(user.Id, issued.Hashes, cancellationToken).ConfigureAwait(false);
        await _enrollments.ConfirmAsync(user.Id, confirmedAt, cancellationToken).ConfigureAwait(false);
        return check with { RecoveryCodes = issued.Codes, RecoveryCodesLeft = issued.Codes.Count };
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

        return await VerifyTotpAsync(user, secret, code, cancellationToken).ConfigureAwait(false);
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

        if (await LockedOutAsync(user, cancellationToken).ConfigureAwait(false) is { } locked)
        {
            return locked;
        }

        // A recovery code check is deliberately slow PBKDF2 (about 0.1 s; docs/benchmarks.md), so it queues behind the
        // same bounded gate as password hashing and a flood of attempts cannot starve token issuance.
        var hashes = enrollment.RecoveryCodeHashes;
        var matched = await _hashing.RunAsync(() => RecoveryCodes.Verify(typed, hashes), cancellationToken).ConfigureAwait(false);
        if (matched is { } index && await _enrollments.RemoveRecoveryCodeAsync(user.Id, enrollment.RecoveryCodeHashes[index], cancellationToken).ConfigureAwait(false))
        {
            await _counters.ResetAsync(TotpVerifier.FailureCounterKey(UserKey(user)), cancellationToken).ConfigureAwait(false);
            return new MfaCheck(MfaCheckOutcome.Accepted) { RecoveryCodesLeft = enrollment.RecoveryCodeHashes.Count - 1 };
        }

        var lockout = _policies.Current.Lockout;
        var failures = await _counters.IncrementAsync(TotpVerifier.FailureCounterKey(UserKey(user)), lockout.Window, cancellationToken).ConfigureAwait(false);
        return Refused(matched is null ? MfaCheckOutcome.Invalid : MfaCheckOutcome.Replayed, failures, lockout);
    }

    /// <summary>Non-null (and LockedOut) when the user's MFA is locked right now.</summary>
    public async Task<MfaCheck?> LockedOutAsync(DirectoryUser user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        var lockout = _policies.Current.Lockout;
        if (lockout.Mode != LockoutMode.Enforce)
        {
            return null;
        }

        var failures = await _counters.GetAsync(TotpVerifier.FailureCounterKey(UserKey(user)), cancellationToken).ConfigureAwait(false);
        return failures >= lockout.MfaThreshold ? new MfaCheck(MfaCheckOutcome.LockedOut, failures) : null;
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
        if (await LockedOutAsync(user, cancellationToken).ConfigureAwait(false) is { } locked)
        {
            return locked;
        }

        var lockout = _policies.Current.Lockout;
        var verifier = new TotpVerifier(_replay, _counters, _time, lockout.Window);
        var result = await verifier.VerifyAsync(UserKey(user), secret.ToTotp(), code, cancellationToken).ConfigureAwait(false);
        return result.Outcome switch
        {
            TotpOutcome.Accepted => new MfaCheck(MfaCheckOutcome.Accepted),
            TotpOutcome.Replayed => Refused(MfaCheckOutcome.Replayed, result.Failures, lockout),
            _ => Refused(MfaCheckOutcome.Invalid, result.Failures, lockout),
        };
    }

    private static MfaCheck Refused(MfaCheckOutcome outcome, long failures, CompiledLockout lockout)
    {
        var reached = lockout.Mode != LockoutMode.Off && failures >= lockout.MfaThreshold;
        // The counter is incremented atomically, so of any number of concurrent attempts exactly one lands on the
        // threshold: that one is the lockout to audit.
        var justLocked = reached && failures == lockout.MfaThreshold;
        if (reached && lockout.Mode == LockoutMode.Enforce)
        {
            return new MfaCheck(MfaCheckOutcome.LockedOut, failures) { LockedNow = justLocked };
        }

        return new MfaCheck(outcome, failures)
        {
            LockedNow = justLocked,
            AttemptsLeft = lockout.Mode == LockoutMode.Enforce ? (int)Math.Max(0, lockout.MfaThreshold - failures) : null,
        };
    }

    // The seed's Data Protection sub-purpose: the user's ID, so a seed copied onto another row cannot be unprotected.
    private static string SeedOwner(DirectoryUser user) => user.Id.ToString("N");
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

    /// <summary>Wrong codes still allowed before the lockout; null when lockout is not enforced.</summary>
    public int? AttemptsLeft { get; init; }

    public int? RecoveryCodesLeft { get; init; }

    /// <summary>Only after a confirmed enrolment: the new recovery codes, to show once.</summary>
    public IReadOnlyList<string>? RecoveryCodes { get; init; }
}
