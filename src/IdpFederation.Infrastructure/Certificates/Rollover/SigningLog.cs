using Microsoft.Extensions.Logging;

namespace IdpFederation.Infrastructure.Certificates.Rollover;

/// <summary>
/// Signing-certificate rollover logs. Event IDs 7001-7099 are reserved for them (no other component uses 7xxx).
/// Thumbprints only: no key material, no PFX, ever.
/// </summary>
internal static partial class SigningLog
{
    [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "Signing keys changed: signing with {Current} (was {Previous}), secondary {Secondary}")]
    public static partial void KeySetChanged(ILogger logger, string previous, string current, string secondary);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Error, Message = "Could not read the managed signing certificates ({ErrorType}: {Error}); still signing with the last good set")]
    public static partial void RefreshFailed(ILogger logger, string errorType, string error);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Warning, Message = "Signing certificate {Thumbprint} ({Slot}) expires on {NotAfter:yyyy-MM-dd}: {DaysLeft} days left, within the {Threshold}-day warning")]
    public static partial void ExpiryWarning(ILogger logger, string thumbprint, string slot, DateTimeOffset notAfter, int daysLeft, int threshold);

    [LoggerMessage(EventId = 7004, Level = LogLevel.Information, Message = "Generated the next signing certificate {Thumbprint}, valid until {NotAfter:yyyy-MM-dd}")]
    public static partial void Generated(ILogger logger, string thumbprint, DateTimeOffset notAfter);

    [LoggerMessage(EventId = 7005, Level = LogLevel.Information, Message = "Pushed signing {Signing} and next {Next} to Entra: {Succeeded} domain(s) took it, {Failed} failed")]
    public static partial void Pushed(ILogger logger, string signing, string next, int succeeded, int failed);

    [LoggerMessage(EventId = 7006, Level = LogLevel.Warning, Message = "Entra refused the certificates for {Domain}: {Error}")]
    public static partial void PushFailed(ILogger logger, string domain, string error);

    [LoggerMessage(EventId = 7007, Level = LogLevel.Information, Message = "Promoted signing certificate {Thumbprint} ({Reason}); every instance switches within its refresh interval")]
    public static partial void Promoted(ILogger logger, string thumbprint, string reason);

    [LoggerMessage(EventId = 7008, Level = LogLevel.Warning, Message = "Promoted signing certificate {Thumbprint} at the safety margin before the current one expires, although these federated domains do not hold it yet: {Domains}")]
    public static partial void PromotedWithoutDomains(ILogger logger, string thumbprint, string domains);

    [LoggerMessage(EventId = 7009, Level = LogLevel.Information, Message = "Next signing certificate {Thumbprint} not promoted yet: {Reason}; missing in {Domains}")]
    public static partial void Waiting(ILogger logger, string thumbprint, string reason, string domains);

    [LoggerMessage(EventId = 7010, Level = LogLevel.Warning, Message = "Certificate rollover pass failed ({ErrorType}: {Error}); trying again at the next interval")]
    public static partial void PassFailed(ILogger logger, string errorType, string error);

    [LoggerMessage(EventId = 7011, Level = LogLevel.Warning, Message = "No Entra connection is registered (IEntraFederationCertificates): the next certificate is published in metadata but not pushed, and is promoted only at the safety margin or by idpfed cert promote --force")]
    public static partial void EntraNotRegistered(ILogger logger);

    [LoggerMessage(EventId = 7012, Level = LogLevel.Warning, Message = "Could not read or update the certificates Entra holds ({ErrorType}: {Error}); promotion waits for the safety margin until Graph answers")]
    public static partial void EntraFailed(ILogger logger, string errorType, string error);
}
