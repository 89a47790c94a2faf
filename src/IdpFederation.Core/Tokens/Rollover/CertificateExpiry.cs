namespace IdpFederation.Core.Tokens.Rollover;

/// <summary>
/// The expiry warning thresholds: 60 days (plan the rollover), 30 days (Entra's own renewal window has begun, spec §7)
/// and 7 days (urgent). Shown in health detail, logs, the days-to-expiry metric and idpfed cert status.
/// </summary>
public static class CertificateExpiry
{
    public static IReadOnlyList<int> ThresholdDays { get; } = [60, 30, 7];

    /// <summary>Whole days left, rounded down; negative once expired.</summary>
    public static int DaysLeft(DateTimeOffset notAfter, DateTimeOffset now) => (int)Math.Floor((notAfter - now).TotalDays);

    /// <summary>The smallest threshold the certificate is within (7, 30 or 60), or null when more than 60 days are left.</summary>
    public static int? Threshold(DateTimeOffset notAfter, DateTimeOffset now)
    {
        var left = notAfter - now;
        int? reached = null;
        foreach (var days in ThresholdDays)
        {
            if (left <= TimeSpan.FromDays(days))
            {
                reached = days;
            }
        }

        return reached;
    }

    /// <summary>One sentence for health detail and cert status; null when no threshold is reached.</summary>
    public static string? Warning(string thumbprint, DateTimeOffset notAfter, DateTimeOffset now)
    {
        if (Threshold(notAfter, now) is not { } threshold)
        {
            return null;
        }

        return notAfter <= now
            ? $"the signing certificate {thumbprint} expired on {notAfter:yyyy-MM-dd}: Entra refuses every token it signs"
            : $"the signing certificate {thumbprint} expires on {notAfter:yyyy-MM-dd} ({DaysLeft(notAfter, now)} days left, within {threshold} days)";
    }
}
