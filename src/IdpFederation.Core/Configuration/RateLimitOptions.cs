namespace IdpFederation.Core.Configuration;

/// <summary>
/// Limits on what anonymous clients may ask of the server (Idp:RateLimits). Counted in the shared counter store, so
/// with Redis every instance enforces one limit together.
/// </summary>
public sealed class RateLimitOptions
{
    /// <summary>
    /// Per client address (an IPv6 client by its /64): WS-Fed sign-in requests without a live session, and login and
    /// MFA form posts. 300 a minute lets about 100 password sign-ins a minute through one corporate NAT address, while
    /// one address can hold at most 16 × 300 = 4,800 pending sign-ins at once, fewer than the default
    /// <see cref="StateOptions.MaxPendingSignIns"/>, so no single address can use up that cap alone.
    /// </summary>
    public FixedWindowLimit SignInPerIp { get; set; } = new();
}

/// <summary>At most <see cref="PermitLimit"/> requests in a fixed window of <see cref="Window"/> that starts at the first.</summary>
public sealed class FixedWindowLimit
{
    public const int HighestPermitLimit = 1_000_000;
    public static readonly TimeSpan ShortestWindow = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan LongestWindow = TimeSpan.FromHours(24);

    public int PermitLimit { get; set; } = 300;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}
