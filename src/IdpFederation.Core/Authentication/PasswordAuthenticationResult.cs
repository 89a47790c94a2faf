using IdpFederation.Core.Directory;

namespace IdpFederation.Core.Authentication;

public enum PasswordAuthenticationOutcome
{
    InvalidCredentials = 0,
    Success,

    /// <summary>Reported only after the password proved correct, so it reveals nothing to a guesser.</summary>
    AccountDisabled,
}

/// <param name="Lockout">Set when smart lockout blocked the attempt or, in log-only mode, would have.</param>
public sealed record PasswordAuthenticationResult(PasswordAuthenticationOutcome Outcome, string UserPrincipalName, DirectoryUser? User, string? Lockout = null)
{
    public bool Succeeded => Outcome == PasswordAuthenticationOutcome.Success;
}
