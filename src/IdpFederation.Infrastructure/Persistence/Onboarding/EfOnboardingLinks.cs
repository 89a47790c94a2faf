using IdpFederation.Core.Directory;
using IdpFederation.Core.Onboarding;
using IdpFederation.Core.Passwords;
using IdpFederation.Infrastructure.Persistence.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace IdpFederation.Infrastructure.Persistence.Onboarding;

/// <summary>
/// Onboarding links on the directory database. The password goes through <see cref="PasswordPolicy"/> before any
/// hashing, as in <see cref="EfUserDirectory"/>; the token is used up by one conditional UPDATE, in the transaction
/// that stores the password, so of any number of concurrent redeems exactly one sets it.
/// </summary>
public sealed class EfOnboardingLinks : IOnboardingLinks
{
    private readonly IdpDbContextFactory _contexts;
    private readonly PasswordPolicy _policy;
    private readonly IPasswordHasher _hasher;
    private readonly TimeProvider _time;
    private readonly ILogger<EfOnboardingLinks> _logger;

    public EfOnboardingLinks(IdpDbContextFactory contexts, PasswordPolicy policy, IPasswordHasher hasher, TimeProvider time, ILogger<EfOnboardingLinks> logger)
    {
        _contexts = contexts;
        _policy = policy;
        _hasher = hasher;
        _time = time;
        _logger = logger;
    }

    public async Task<OnboardingLink> IssueAsync(string userPrincipalName, TimeSpan lifetime, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userPrincipalName);
        if (lifetime < OnboardingLinkLimits.MinimumLifetime || lifetime > OnboardingLinkLimits.MaximumLifetime)
        {
            throw new ArgumentOutOfRangeException(nameof(lifetime), lifetime,
                $"An onboarding link must be valid for {OnboardingLinkLimits.MinimumLifetime.TotalMinutes:0} minutes to {OnboardingLinkLimits.MaximumLifetime.TotalDays:0} days.");
        }

        var normalized = UserPrincipalNames.Normalize(userPrincipalName);
        var token = OnboardingLinkLimits.NewToken();
        var now = _time.GetUtcNow();
        await using var context = _contexts.CreateDbContext();
        await using var transaction = await context.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        // A no-op write to the user row first: it locks the row (PostgreSQL; SQLite locks the database), so concurrent
        // issues for one user run one after the other and the last one's delete sees every older link.
        var touched = await context.Users.Where(u => u.NormalizedUserPrincipalName == normalized)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.NeedsOnboarding, u => u.NeedsOnboarding), cancellationToken).ConfigureAwait(false);
        var user = touched == 1
            ? await context.Users.AsNoTracking().SingleAsync(u => u.NormalizedUserPrincipalName == normalized, cancellationToken).ConfigureAwait(false)
            : throw new DirectoryException(DirectoryError.UserNotFound, $"User '{userPrincipalName.Trim()}' does not exist.");
        await context.OnboardingTokens.Where(t => t.UserId == user.Id).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        var expires = now + lifetime;
        context.OnboardingTokens.Add(new OnboardingTokenEntity
        {
            TokenHash = OnboardingLinkLimits.Hash(token),
            UserId = user.Id,
            CreatedAtUtc = now.UtcDateTime,
            ExpiresAtUtc = expires.UtcDateTime,
        });
        await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        OnboardingLog.LinkIssued(_logger, user.UserPrincipalName, expires);
        return new OnboardingLink(token, user.UserPrincipalName, expires);
    }

    public async Task<OnboardingTicket?> FindAsync(string? token, CancellationToken cancellationToken = default)
    {
        if (!OnboardingLinkLimits.IsWellFormed(token))
        {
            return null;
        }

        var hash = OnboardingLinkLimits.Hash(token!);
        var now = _time.GetUtcNow().UtcDateTime;
        await using var context = _contexts.CreateDbContext();
        var row = await context.OnboardingTokens.AsNoTracking()
            .Where(t => t.TokenHash == hash && t.UsedAtUtc == null && t.ExpiresAtUtc > now)
            .Select(t => new { t.User!.UserPrincipalName, t.User.DisplayName, t.ExpiresAtUtc })
            .SingleOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return row is null
            ? null
            : new OnboardingTicket(row.UserPrincipalName, row.DisplayName, new DateTimeOffset(DateTime.SpecifyKind(row.ExpiresAtUtc, DateTimeKind.Utc)));
    }

    public async Task<OnboardingResult> RedeemAsync(string? token, string newPassword, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(newPassword);
        var ticket = await FindAsync(token, cancellationToken).ConfigureAwait(false);
        if (ticket is null)
        {
            return new OnboardingResult(OnboardingOutcome.InvalidLink);
        }

        // Policy first and nothing written on refusal: the user may try another password with the same link.
        var verdict = _policy.Check(newPassword, ticket.UserPrincipalName);
        if (!verdict.IsAccepted)
        {
            OnboardingLog.PasswordRefused(_logger, ticket.UserPrincipalName, verdict.Violation);
            return new OnboardingResult(OnboardingOutcome.PasswordRejected, ticket.UserPrincipalName, verdict.Reason);
        }

        var passwordHash = _hasher.Hash(newPassword);
        var hash = OnboardingLinkLimits.Hash(token!);
        var now = _time.GetUtcNow().UtcDateTime;
        await using var context = _contexts.CreateDbContext();
        await using var transaction = await context.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var consumed = await context.OnboardingTokens
            .Where(t => t.TokenHash == hash && t.UsedAtUtc == null && t.ExpiresAtUtc > now)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.UsedAtUtc, now), cancellationToken).ConfigureAwait(false);
        if (consumed != 1)
        {
            // Another redeem won, a newer link replaced it, or it expired since FindAsync.
            return new OnboardingResult(OnboardingOutcome.InvalidLink);
        }

        var userId = await context.OnboardingTokens.Where(t => t.TokenHash == hash).Select(t => t.UserId)
            .SingleAsync(cancellationToken).ConfigureAwait(false);
        await context.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s
            .SetProperty(u => u.PasswordHash, passwordHash)
            .SetProperty(u => u.NeedsOnboarding, false), cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        OnboardingLog.PasswordSet(_logger, ticket.UserPrincipalName);
        return new OnboardingResult(OnboardingOutcome.PasswordSet, ticket.UserPrincipalName);
    }
}
