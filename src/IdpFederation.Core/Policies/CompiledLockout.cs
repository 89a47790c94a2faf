using IdpFederation.Core.Networks;

namespace IdpFederation.Core.Policies;

public enum LockoutMode
{
    Enforce = 1,

    /// <summary>Count and audit what would be locked, never block: for observing before enforcing.</summary>
    LogOnly,
    Off,
}

public sealed record CompiledLockout(
    LockoutMode Mode,
    int UnfamiliarThreshold,
    int FamiliarThreshold,
    TimeSpan Window,
    TimeSpan FamiliarFor,
    int IpThreshold,
    int MfaThreshold,
    IReadOnlyList<IpRange> BannedRanges)
{
    public static CompiledLockout Default { get; } = From(new LockoutSettings(), []);

    public static CompiledLockout From(LockoutSettings settings, IReadOnlyList<IpRange> bannedRanges)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var mode = settings.Mode switch
        {
            "logOnly" => LockoutMode.LogOnly,
            "off" => LockoutMode.Off,
            _ => LockoutMode.Enforce,
        };
        return new CompiledLockout(mode, settings.UnfamiliarThreshold, settings.FamiliarThreshold, settings.Window,
            settings.FamiliarFor, settings.IpThreshold, settings.MfaThreshold, bannedRanges);
    }
}
