using IdpFederation.Core.Networks;

namespace IdpFederation.Core.Policies;

internal static class LockoutCompiler
{
    public static CompiledLockout? Compile(LockoutSettings settings, Dictionary<string, IReadOnlyList<IpRange>> networks, PolicyCompilationContext context)
    {
        const string path = "$.lockout";
        if (settings.Mode is not ("enforce" or "logOnly" or "off"))
        {
            context.Error(path + ".mode", $"'{settings.Mode}' is not a lockout mode; use \"enforce\", \"logOnly\" or \"off\".");
        }

        Positive(settings.UnfamiliarThreshold, path + ".unfamiliarThreshold", context);
        Positive(settings.FamiliarThreshold, path + ".familiarThreshold", context);
        Positive(settings.IpThreshold, path + ".ipThreshold", context);
        Positive(settings.MfaThreshold, path + ".mfaThreshold", context);
        if (settings.FamiliarThreshold < settings.UnfamiliarThreshold)
        {
            context.Error(path + ".familiarThreshold", "must not be below unfamiliarThreshold: familiar places are trusted more, not less.");
        }

        if (settings.Window <= TimeSpan.Zero || settings.Window > TimeSpan.FromDays(1))
        {
            context.Error(path + ".window", "must be between 0 and 1 day.");
        }

        if (settings.FamiliarFor <= TimeSpan.Zero || settings.FamiliarFor > TimeSpan.FromDays(365))
        {
            context.Error(path + ".familiarFor", "must be between 0 and 365 days.");
        }

        var banned = settings.BannedIps.SelectMany((entry, i) => context.ResolveNetwork(entry, networks, $"{path}.bannedIps[{i}]")).ToArray();
        return CompiledLockout.From(settings, banned);
    }

    private static void Positive(int value, string path, PolicyCompilationContext context)
    {
        if (value < 1)
        {
            context.Error(path, "must be at least 1.");
        }
    }
}
