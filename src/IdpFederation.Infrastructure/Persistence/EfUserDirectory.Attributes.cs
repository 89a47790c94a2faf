using IdpFederation.Core.Directory;
using IdpFederation.Core.Provisioning;

namespace IdpFederation.Infrastructure.Persistence;

/// <summary>Changes to the attributes Microsoft 365 receives; a real change records UserChanged in the outbox.</summary>
public sealed partial class EfUserDirectory
{
    public async Task UpdateAsync(string userPrincipalName, UserUpdate update, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        // Checked before any database work, so a bad value changes nothing.
        var displayName = update.DisplayName is null ? null : DirectoryInputRules.NormalizeDisplayName(update.DisplayName);
        string? usageLocation = null;
        if (update.UsageLocation is not null)
        {
            usageLocation = DirectoryInputRules.NormalizeUsageLocation(update.UsageLocation)
                ?? throw new DirectoryException(DirectoryError.InvalidAttribute,
                    "Usage location cannot be cleared: Microsoft 365 cannot reset it either; give a two-letter country code.");
        }

        var changed = false;
        var upn = "";
        await UpdateUserAsync(userPrincipalName, user =>
        {
            upn = user.UserPrincipalName;
            if (update.DisplayName is not null && !string.Equals(user.DisplayName, displayName, StringComparison.Ordinal))
            {
                user.DisplayName = displayName;
                changed = true;
            }

            if (usageLocation is not null && !string.Equals(user.UsageLocation, usageLocation, StringComparison.Ordinal))
            {
                user.UsageLocation = usageLocation;
                changed = true;
            }

            return changed ? OutboxChange.UserChanged : null;
        }, cancellationToken).ConfigureAwait(false);
        if (changed)
        {
            PersistenceLog.UserAttributesChanged(_logger, upn);
        }
    }
}
