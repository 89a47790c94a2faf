using IdpFederation.Core.Directory;

namespace IdpFederation.Core.Authentication;

public enum PasswordAuthenticationOutcome
{
    InvalidCredentials = 0,
    Success,

    /// <summary>Reported only after the password proved correct, so it reveals nothing to a guesser.</summary>
    AccountDisabled,
}

public sealed record PasswordAuthenticationResult(PasswordAuthenticationOutcome Outcome, string UserPrincipalName, DirectoryUser? User)
{
    public bool Succeeded => Outcome == PasswordAuthenticationOutcome.Success;
}
