using IdpFederation.Core.Configuration;
using Microsoft.Extensions.Options;

namespace IdpFederation.Core.Passwords;

/// <summary>
/// Decides whether a password may be set for a user (NIST SP 800-63B §5.1.1.2): long enough, not absurdly long, not
/// the user's own name, not a common password. Only for choosing a password: sign-in never consults it, so a password
/// set under an older, weaker policy keeps working.
/// </summary>
public sealed class PasswordPolicy
{
    private readonly IOptionsMonitor<IdpOptions> _options;
    private readonly BannedPasswordList _banned;

    public PasswordPolicy(IOptionsMonitor<IdpOptions> options, BannedPasswordList banned)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(banned);
        _options = options;
        _banned = banned;
    }

    /// <summary>Checks in a fixed order (length, then name, then list), so the reason given is always the most basic one.</summary>
    public PasswordPolicyResult Check(string password, string userPrincipalName)
    {
        ArgumentNullException.ThrowIfNull(password);
        ArgumentNullException.ThrowIfNull(userPrincipalName);
        var policy = _options.CurrentValue.PasswordPolicy;

        // Code points, not UTF-16 units: NIST counts each Unicode character once, so an emoji is one character here.
        var length = password.EnumerateRunes().Count();
        if (length < policy.MinimumLength)
        {
            return PasswordPolicyResult.Refused(PasswordPolicyViolation.TooShort,
                $"Password refused: it is shorter than {policy.MinimumLength} characters (Idp:PasswordPolicy:MinimumLength).");
        }

        if (length > policy.MaximumLength)
        {
            return PasswordPolicyResult.Refused(PasswordPolicyViolation.TooLong,
                $"Password refused: it is longer than {policy.MaximumLength} characters (Idp:PasswordPolicy:MaximumLength).");
        }

        if (IsUserName(password, userPrincipalName.Trim()))
        {
            return PasswordPolicyResult.Refused(PasswordPolicyViolation.SameAsUserName,
                "Password refused: it is the user's name (the UPN, or the part before '@'), which anyone who knows the account can guess.");
        }

        if (_banned.Contains(password))
        {
            return PasswordPolicyResult.Refused(PasswordPolicyViolation.Banned,
                "Password refused: it is on the list of commonly used passwords that attackers try first.");
        }

        return PasswordPolicyResult.Accepted;
    }

    private static bool IsUserName(string password, string userPrincipalName)
    {
        if (string.Equals(password, userPrincipalName, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var at = userPrincipalName.LastIndexOf('@');
        return at > 0 && password.AsSpan().Equals(userPrincipalName.AsSpan(0, at), StringComparison.OrdinalIgnoreCase);
    }
}
