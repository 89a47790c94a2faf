namespace IdpFederation.Core.Sessions;

/// <summary>The server-side record behind the opaque session cookie.</summary>
public sealed record SsoSession
{
    public required string Id { get; init; }
    public required string UserPrincipalName { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the password was last checked; wfresh=0 compares against it.</summary>
    public required DateTimeOffset AuthenticatedAt { get; init; }

    public required string AuthenticationMethod { get; init; }
    public required DateTimeOffset LastSeenAt { get; init; }

    /// <summary>The absolute limit; sliding expiry is LastSeenAt + the configured window.</summary>
    public required DateTimeOffset ExpiresAt { get; init; }

    public string? ClientIp { get; init; }
    public IReadOnlyList<string> RelyingParties { get; init; } = [];

    /// <summary>
    /// When the user last proved a second factor (TOTP or recovery code) in this session; null when never. Set only by
    /// the MFA pages, which replace the session with a new ID when they set it.
    /// </summary>
    public DateTimeOffset? MultiFactorAuthenticatedAt { get; init; }

    /// <summary>
    /// The enrolment the second factor was proved with (its confirmation instant, unix ms). Session MFA counts only
    /// while the user's enrolment is still that one, so <c>idpfed mfa reset</c> ends it even where the CLI cannot reach
    /// the sessions (in-memory state).
    /// </summary>
    public long? MultiFactorEnrollmentStamp { get; init; }

    /// <summary>
    /// The storage key (<see cref="SessionIds.StorageKey"/>) of the pending sign-in whose login page created this
    /// session: the one flow in which its password counts as freshly typed, which is what enrolment requires.
    /// </summary>
    public string? AuthenticatedForSignIn { get; init; }

    /// <summary>How far ahead of this instance's clock another instance may have recorded MFA and still be believed.</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromSeconds(30);

    /// <summary>
    /// True while the session's MFA is younger than <paramref name="lifetime"/> (Idp:Mfa:Lifetime). An instant slightly
    /// in the future is another instance's clock running ahead, not a forgery (the record is server-side).
    /// </summary>
    public bool HasMultiFactorWithin(TimeSpan lifetime, DateTimeOffset now) =>
        MultiFactorAuthenticatedAt is { } at && at - now <= MaxClockSkew && now - at < lifetime;
}
