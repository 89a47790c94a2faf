namespace IdpFederation.Core.Passwords;

/// <summary>The rule a refused password broke.</summary>
public enum PasswordPolicyViolation
{
    None = 0,

    /// <summary>Fewer code points than Idp:PasswordPolicy:MinimumLength.</summary>
    TooShort,

    /// <summary>More code points than Idp:PasswordPolicy:MaximumLength.</summary>
    TooLong,

    /// <summary>The user's UPN, or the part of it before '@', in any case.</summary>
    SameAsUserName,

    /// <summary>On the banned-password list, in any case.</summary>
    Banned,
}

/// <summary>
/// The outcome of <see cref="PasswordPolicy.Check"/>. A refusal names the rule in <see cref="Reason"/>, one sentence
/// fit for an administrator's terminal; it never repeats the password.
/// </summary>
public sealed record PasswordPolicyResult
{
    public static readonly PasswordPolicyResult Accepted = new(PasswordPolicyViolation.None, null);

    private PasswordPolicyResult(PasswordPolicyViolation violation, string? reason)
    {
        Violation = violation;
        Reason = reason;
    }

    public PasswordPolicyViolation Violation { get; }

    public string? Reason { get; }

    public bool IsAccepted => Violation == PasswordPolicyViolation.None;

    public static PasswordPolicyResult Refused(PasswordPolicyViolation violation, string reason)
    {
        ArgumentOutOfRangeException.ThrowIfEqual(violation, PasswordPolicyViolation.None);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return new PasswordPolicyResult(violation, reason);
    }
}
