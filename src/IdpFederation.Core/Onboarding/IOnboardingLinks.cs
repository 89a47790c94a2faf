namespace IdpFederation.Core.Onboarding;

/// <summary>
/// One-time links with which a user who has no password here (imported from Microsoft 365) chooses one. Only a hash of
/// each token is stored; a token works once, until it expires, and only while it is the user's newest.
/// </summary>
public interface IOnboardingLinks
{
    /// <summary>
    /// Issues a new link for the user, invalidating every older one. Throws <see cref="Directory.DirectoryException"/>
    /// (UserNotFound) for an unknown user and <see cref="ArgumentOutOfRangeException"/> for a lifetime outside
    /// <see cref="OnboardingLinkLimits"/>.
    /// </summary>
    Task<OnboardingLink> IssueAsync(string userPrincipalName, TimeSpan lifetime, CancellationToken cancellationToken = default);

    /// <summary>Who a still-usable token is for, without using it up; null for a malformed, unknown, used or expired token.</summary>
    Task<OnboardingTicket?> FindAsync(string? token, CancellationToken cancellationToken = default);

    /// <summary>
    /// Checks <paramref name="newPassword"/> against the password policy first (a refusal leaves the link usable), then
    /// uses the token up and stores the password in one transaction; of concurrent redeems of one token, one wins.
    /// </summary>
    Task<OnboardingResult> RedeemAsync(string? token, string newPassword, CancellationToken cancellationToken = default);
}

/// <param name="Token">The secret for the link: 32 random bytes, base64url. Shown once, never stored or logged.</param>
public sealed record OnboardingLink(string Token, string UserPrincipalName, DateTimeOffset ExpiresAt);

public sealed record OnboardingTicket(string UserPrincipalName, string? DisplayName, DateTimeOffset ExpiresAt);

public enum OnboardingOutcome
{
    PasswordSet,

    /// <summary>Malformed, unknown, already used, replaced by a newer link, or expired; deliberately not told apart.</summary>
    InvalidLink,

    /// <summary>The password policy refused the password; <see cref="OnboardingResult.Reason"/> says why. The link still works.</summary>
    PasswordRejected,
}

public sealed record OnboardingResult(OnboardingOutcome Outcome, string? UserPrincipalName = null, string? Reason = null);
