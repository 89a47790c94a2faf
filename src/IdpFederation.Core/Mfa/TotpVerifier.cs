using System.Globalization;
using IdpFederation.Core.State;

namespace IdpFederation.Core.Mfa;

/// <summary>
/// Checks a user's TOTP code and makes sure no time step is ever accepted twice for that user, across every instance
/// that shares the replay cache (RFC 6238 §5.2: the verifier MUST NOT accept a second attempt of an OTP after a
/// successful validation). Modelled on bitwarden's AuthenticatorTokenProvider, which caches each accepted step.
/// Refused codes are counted in the shared counter store; the sign-in flow reads the count to apply lockout.
/// </summary>
public sealed class TotpVerifier
{
    /// <summary>Replay-cache scope; entries are "{USER}:{step}".</summary>
    public const string ReplayScope = "totp";

    /// <summary>RFC 6238 §5.2 allows "one time step" of network delay either way; apps and clocks drift that much.</summary>
    public const int DriftSteps = 1;

    private readonly IReplayCache _replay;
    private readonly ICounterStore _counters;
    private readonly TimeProvider _time;
    private readonly TimeSpan _failureWindow;

    /// <param name="failureWindow">How long refused codes keep counting; defaults to <see cref="DefaultFailureWindow"/>.</param>
    public TotpVerifier(IReplayCache replay, ICounterStore counters, TimeProvider time, TimeSpan? failureWindow = null)
    {
        ArgumentNullException.ThrowIfNull(replay);
        ArgumentNullException.ThrowIfNull(counters);
        ArgumentNullException.ThrowIfNull(time);
        _replay = replay;
        _counters = counters;
        _time = time;
        _failureWindow = failureWindow ?? DefaultFailureWindow;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(_failureWindow, TimeSpan.Zero, nameof(failureWindow));
    }

    /// <summary>Thirty minutes, as the password lockout's usual observation window.</summary>
    public static TimeSpan DefaultFailureWindow { get; } = TimeSpan.FromMinutes(30);

    /// <summary>The failure counter's name (under the store's prefix); the user key is upper-cased as in lockout keys.</summary>
    public static string FailureCounterKey(string userKey) => "mfafail:" + Normalize(userKey);

    /// <param name="userKey">The user's stable key (DirectoryUser.Id or UPN); compared case-insensitively.</param>
    /// <param name="totp">The user's generator, built from the unprotected seed.</param>
    /// <param name="code">What the user typed; spaces and dashes ("123 456") are ignored.</param>
    /// <param name="maxAttempts">
    /// Refused codes allowed within the failure window. The attempt is reserved before the code is looked at and
    /// forgotten only on success, so however many requests race, at most this many codes are ever checked.
    /// </param>
    public async Task<TotpVerification> VerifyAsync(string userKey, Totp totp, string? code, int maxAttempts = int.MaxValue, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(totp);
        var user = Normalize(userKey);
        var reservation = await _counters.TryReserveAsync(FailureCounterKey(user), maxAttempts, _failureWindow, cancellationToken).ConfigureAwait(false);
        if (!reservation.Granted)
        {
            return new TotpVerification(TotpOutcome.LockedOut, null, reservation.Count);
        }

        var attempt = reservation.Count;

        var now = _time.GetUtcNow();
        var step = totp.Verify(Clean(code), now, DriftSteps);
        if (step is null)
        {
            return new TotpVerification(TotpOutcome.Invalid, null, attempt);
        }

        // A step can be accepted from the start of step-1 to the end of step+1; the entry must outlive that, so it
        // is kept for (2 × drift + 2) steps from now, one step more than the longest remaining acceptance.
        var lifetime = TimeSpan.FromSeconds(totp.StepSeconds * (2L * DriftSteps + 2));

        // The atomic set-if-absent is the gate: of any number of concurrent attempts, on any instance, one wins.
        if (!await _replay.TryAddAsync(ReplayScope, Entry(user, step.Value), lifetime, cancellationToken).ConfigureAwait(false))
        {
            // A replay counts too: it is either an attacker holding a spent code or a double submit, and the first
            // must not be free.
            return new TotpVerification(TotpOutcome.Replayed, null, attempt);
        }

        // Using a step also spends the older steps that are still inside the window, so a code seen earlier (over a
        // shoulder, or typed into a phishing page) stops working once the user has signed in with a newer one.
        var oldestAcceptable = totp.TimeStep(now) - DriftSteps;
        for (var older = step.Value - 1; older >= oldestAcceptable; older--)
        {
            await _replay.TryAddAsync(ReplayScope, Entry(user, older), lifetime, cancellationToken).ConfigureAwait(false);
        }

        await _counters.ResetAsync(FailureCounterKey(user), cancellationToken).ConfigureAwait(false);
        return new TotpVerification(TotpOutcome.Accepted, step, 0);
    }

    /// <summary>Refused codes within the failure window, for the sign-in flow's lockout decision.</summary>
    public Task<long> GetFailureCountAsync(string userKey, CancellationToken cancellationToken = default) =>
        _counters.GetAsync(FailureCounterKey(userKey), cancellationToken);

    /// <summary>Clears the count (an admin reset, or a successful recovery code).</summary>
    public Task ResetFailuresAsync(string userKey, CancellationToken cancellationToken = default) =>
        _counters.ResetAsync(FailureCounterKey(userKey), cancellationToken);

    private static string Entry(string user, long step) => user + ":" + step.ToString(CultureInfo.InvariantCulture);

    private static string Normalize(string userKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userKey);
        return userKey.Trim().ToUpperInvariant();
    }

    private static string Clean(string? code) =>
        code is null || code.Length > 32 ? string.Empty : string.Concat(code.Where(c => c is not ('-' or ' ')));
}

public enum TotpOutcome
{
    Accepted = 1,

    /// <summary>Wrong, malformed, or outside the drift window.</summary>
    Invalid,

    /// <summary>Right code, but its time step was already used (or spent by a newer one) for this user.</summary>
    Replayed,

    /// <summary>Not checked at all: the attempts allowed in the failure window are used up.</summary>
    LockedOut,
}

/// <param name="TimeStep">The accepted RFC 6238 step; null when refused.</param>
/// <param name="Failures">Refused codes in the current window after this attempt; 0 after success (the count is reset).</param>
public sealed record TotpVerification(TotpOutcome Outcome, long? TimeStep, long Failures)
{
    public bool Succeeded => Outcome == TotpOutcome.Accepted;
}
