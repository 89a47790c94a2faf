namespace IdpFederation.Core.Configuration;

/// <summary>
/// What a password must satisfy when it is set (by <c>idpfed user add</c>, <c>user set-password</c> or any other path
/// through the directory). Signing in with a password set before a rule was tightened keeps working: the rules
/// apply only when a password is chosen, as NIST SP 800-63B §5.1.1.2 describes for memorized secrets.
/// </summary>
public sealed class PasswordPolicyOptions
{
    /// <summary>NIST SP 800-63B §5.1.1.2 requires at least 8 characters; a lower setting is refused at start-up.</summary>
    public const int LowestMinimumLength = 8;

    /// <summary>Above this a minimum stops being a policy and becomes a lock-out of every user.</summary>
    public const int HighestMinimumLength = 64;

    /// <summary>NIST SP 800-63B §5.1.1.2 asks verifiers to accept at least 64 characters (pass phrases).</summary>
    public const int LowestMaximumLength = 64;

    /// <summary>
    /// The login form accepts 1,024 UTF-16 characters; 512 code points always fit in that, even when every one needs a
    /// surrogate pair, so a password that may be set can always be typed at sign-in.
    /// </summary>
    public const int HighestMaximumLength = 512;

    /// <summary>
    /// Fewest characters (Unicode code points) a new password may have. 12 rather than NIST's floor of 8 because the
    /// password is the only factor for users no MFA rule covers, and length is what slows offline guessing most.
    /// </summary>
    public int MinimumLength { get; set; } = 12;

    /// <summary>Most characters (code points) a new password may have: bounds the work and memory one password costs.</summary>
    public int MaximumLength { get; set; } = 256;

    /// <summary>
    /// A plain text file of further passwords to refuse, one per line ('#' starts a comment line), relative to the
    /// config directory. Its entries are added to the list built into IdpFederation.Core, never substituted for it, so
    /// a short local file cannot weaken the policy. Read once at start-up.
    /// </summary>
    public string? BannedPasswordsFile { get; set; }
}
