using IdpFederation.Core.Directory;
using IdpFederation.Core.Passwords;
using Microsoft.EntityFrameworkCore;

namespace IdpFederation.Infrastructure.Persistence;

/// <summary>
/// Password writes. Every new password passes <see cref="PasswordPolicy"/> here, the one place all paths share, before
/// any hashing or database work; only the re-hash of a password that just verified skips it.
/// </summary>
public sealed partial class EfUserDirectory
{
    public async Task SetPasswordAsync(string userPrincipalName, string password, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(password);
        await using var context = _contexts.CreateDbContext();
        var user = await RequireUserAsync(context, userPrincipalName, cancellationToken).ConfigureAwait(false);
        user.PasswordHash = HashAllowedPassword(password, user.UserPrincipalName);
        user.NeedsOnboarding = false;
        // A password chosen by the administrator retires any onboarding link still out there, in the same commit.
        context.OnboardingTokens.RemoveRange(
            await context.OnboardingTokens.Where(t => t.UserId == user.Id).ToListAsync(cancellationToken).ConfigureAwait(false));
        await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        PersistenceLog.PasswordSet(_logger, user.UserPrincipalName);
    }

    public async Task<bool> RehashPasswordAsync(
        string userPrincipalName, string verifiedHash, string password, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userPrincipalName);
        ArgumentException.ThrowIfNullOrEmpty(verifiedHash);
        ArgumentNullException.ThrowIfNull(password);
        // The same password, proved here against the stored hash: this path cannot store a new password that skipped
        // the policy, whoever calls it.
        if (_hasher.Verify(verifiedHash, password) == PasswordVerificationResult.Failed)
        {
            return false;
        }

        var upgradedHash = _hasher.Hash(password);
        var normalized = UserPrincipalNames.Normalize(userPrincipalName);
        await using var context = _contexts.CreateDbContext();
        // One conditional UPDATE: replaced only while the row still holds the hash the password was checked against.
        var updated = await context.Users
            .Where(u => u.NormalizedUserPrincipalName == normalized && u.PasswordHash == verifiedHash)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.PasswordHash, upgradedHash), cancellationToken).ConfigureAwait(false);
        if (updated == 0)
        {
            return false;
        }

        PersistenceLog.PasswordHashUpgraded(_logger, normalized);
        return true;
    }

    /// <summary>Refuses a password the policy does not allow (before the costly hash), else hashes it.</summary>
    private string HashAllowedPassword(string password, string userPrincipalName)
    {
        var verdict = _passwordPolicy.Check(password, userPrincipalName);
        if (!verdict.IsAccepted)
        {
            PersistenceLog.PasswordRefused(_logger, userPrincipalName, verdict.Violation);
            throw new DirectoryException(DirectoryError.PasswordRejected, verdict.Reason!);
        }

        return _hasher.Hash(password);
    }
}
