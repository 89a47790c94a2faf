using IdpFederation.Core.Passwords;
using Microsoft.Extensions.Logging;

namespace IdpFederation.Infrastructure.Persistence;

/// <summary>Event IDs 3000-3099 belong to the directory database.</summary>
internal static partial class PersistenceLog
{
    [LoggerMessage(EventId = 3000, Level = LogLevel.Information, Message = "Directory database is {Database}.")]
    public static partial void UsingDatabase(ILogger logger, DatabaseConnection database);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Applying {Count} directory database migration(s): {Migrations}.")]
    public static partial void ApplyingMigrations(ILogger logger, int count, IReadOnlyList<string> migrations);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Created user {UserPrincipalName} with ImmutableID {ImmutableId}.")]
    public static partial void UserCreated(ILogger logger, string userPrincipalName, string immutableId);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "Deleted user {UserPrincipalName}.")]
    public static partial void UserDeleted(ILogger logger, string userPrincipalName);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Information, Message = "User {UserPrincipalName} is now {State}.")]
    public static partial void UserEnabledChanged(ILogger logger, string userPrincipalName, string state);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Information, Message = "Password hash of {UserPrincipalName} upgraded to the configured parameters.")]
    public static partial void PasswordHashUpgraded(ILogger logger, string userPrincipalName);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Information, Message = "Role {Role} membership of {UserPrincipalName}: {Change}.")]
    public static partial void RoleMembershipChanged(ILogger logger, string role, string userPrincipalName, string change);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Information, Message = "Password set for {UserPrincipalName}.")]
    public static partial void PasswordSet(ILogger logger, string userPrincipalName);

    // The rule only: the refused password itself is never logged.
    [LoggerMessage(EventId = 3008, Level = LogLevel.Warning, Message = "Password for {UserPrincipalName} refused by the password policy: {Violation}.")]
    public static partial void PasswordRefused(ILogger logger, string userPrincipalName, PasswordPolicyViolation violation);

    [LoggerMessage(EventId = 3009, Level = LogLevel.Information, Message = "Attributes of {UserPrincipalName} changed.")]
    public static partial void UserAttributesChanged(ILogger logger, string userPrincipalName);
}
