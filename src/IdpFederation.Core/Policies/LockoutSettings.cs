namespace IdpFederation.Core.Policies;

/// <summary>Extranet smart lockout, modelled on AD FS and kept in the shared state store.</summary>
public sealed class LockoutSettings
{
    /// <summary>For passwords: "enforce" (default), "logOnly" (count and audit, never block) or "off". The MFA limit ignores it.</summary>
    public string Mode { get; set; } = "enforce";

    /// <summary>Bad passwords from IPs this user has not signed in from, within the window, before those IPs are locked out.</summary>
    public int UnfamiliarThreshold { get; set; } = 5;

    /// <summary>Bad passwords from the user's familiar IPs before those are locked too; higher, so the office keeps working.</summary>
    public int FamiliarThreshold { get; set; } = 20;

    /// <summary>How long failures count, and so how long a lockout lasts.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a successful sign-in makes its IP familiar for that user.</summary>
    public TimeSpan FamiliarFor { get; set; } = TimeSpan.FromDays(14);

    /// <summary>Failed attempts from one IP across all users within the window before that IP is blocked (spray detection).</summary>
    public int IpThreshold { get; set; } = 50;

    /// <summary>Wrong MFA codes (TOTP or recovery) for one user within the window before MFA is locked; always enforced.</summary>
    public int MfaThreshold { get; set; } = 5;

    /// <summary>CIDR ranges or network names that may never attempt a password.</summary>
    public List<string> BannedIps { get; set; } = [];
}
