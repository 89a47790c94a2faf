using IdpFederation.Core.Passwords;
using Microsoft.Extensions.Logging;

namespace IdpFederation.Infrastructure.Persistence.Onboarding;

/// <summary>Event IDs 3020-3029 (directory database range): onboarding links. Never the token, never a password.</summary>
internal static partial class OnboardingLog
{
    [LoggerMessage(EventId = 3020, Level = LogLevel.Information, Message = "Onboarding link issued for {UserPrincipalName}, valid until {ExpiresAt:u}; older links of the user no longer work.")]
    public static partial void LinkIssued(ILogger logger, string userPrincipalName, DateTimeOffset expiresAt);

    [LoggerMessage(EventId = 3021, Level = LogLevel.Information, Message = "Password set for {UserPrincipalName} through an onboarding link.")]
    public static partial void PasswordSet(ILogger logger, string userPrincipalName);

    [LoggerMessage(EventId = 3022, Level = LogLevel.Warning, Message = "Onboarding password for {UserPrincipalName} refused by the password policy: {Violation}; the link stays usable.")]
    public static partial void PasswordRefused(ILogger logger, string userPrincipalName, PasswordPolicyViolation violation);
}
