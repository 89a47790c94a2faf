using System.Security.Cryptography;
using System.Text;
using IdpFederation.Core.Directory;
using IdpFederation.Core.Onboarding;
using IdpFederation.Core.Passwords;
using IdpFederation.Tests.Directory;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace IdpFederation.Tests.Provisioning.Store;

/// <summary>
/// One-time onboarding links on the real database, per engine: hash-only storage, one use, expiry, the newest link
/// only, a refused password that leaves the link usable, and parallel bursts of redeems and issues.
/// </summary>
public abstract class OnboardingLinksTests<TFixture> : IClassFixture<TFixture> where TFixture : ProvisioningDatabaseFixture
{
    private const string GoodPassword = "Correct horse battery 1!";
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);
    private readonly TFixture _fixture;

    protected OnboardingLinksTests(TFixture fixture) => _fixture = fixture;

    private IOnboardingLinks Links => _fixture.Services.GetRequiredService<IOnboardingLinks>();

    private IUserDirectory Directory => _fixture.Directory;

    private async Task<string> NewImportedUserAsync()
    {
        var upn = $"onboard{Guid.NewGuid():N}@contoso.com";
        var user = await Directory.CreateAsync(new NewUser { UserPrincipalName = upn, DisplayName = "Imported", NeedsOnboarding = true });
        Assert.True(user.NeedsOnboarding);
        return upn;
    }

    private async Task<bool> PasswordIsAsync(string upn, string password)
    {
        var user = await Directory.FindByUpnAsync(upn);
        return user?.PasswordHash is { } hash
            && _fixture.Services.GetRequiredService<IPasswordHasher>().Verify(hash, password) != PasswordVerificationResult.Failed;
    }

    [DatabaseFact]
    public async Task A_link_sets_the_password_once_and_clears_the_onboarding_flag()
    {
        var upn = await NewImportedUserAsync();
        var link = await Links.IssueAsync(upn.ToUpperInvariant(), Day);

        Assert.Equal(upn, link.UserPrincipalName);
        Assert.Equal(_fixture.Time.GetUtcNow() + Day, link.ExpiresAt);
        Assert.Equal(32, Convert.FromBase64String(link.Token.Replace('-', '+').Replace('_', '/') + "=").Length);
        var ticket = await Links.FindAsync(link.Token);
        Assert.Equal(new OnboardingTicket(upn, "Imported", link.ExpiresAt), ticket);
        Assert.NotNull(await Links.FindAsync(link.Token));

        var result = await Links.RedeemAsync(link.Token, GoodPassword);

        Assert.Equal(new OnboardingResult(OnboardingOutcome.PasswordSet, upn), result);
        Assert.True(await PasswordIsAsync(upn, GoodPassword));
        Assert.False((await Directory.FindByUpnAsync(upn))!.NeedsOnboarding);
        Assert.Null(await Links.FindAsync(link.Token));
        Assert.Equal(OnboardingOutcome.InvalidLink, (await Links.RedeemAsync(link.Token, "Another good pass phrase 2")).Outcome);
        Assert.True(await PasswordIsAsync(upn, GoodPassword));
    }

    [DatabaseFact]
    public async Task Only_the_sha256_of_the_token_is_stored()
    {
        var upn = await NewImportedUserAsync();
        var link = await Links.IssueAsync(upn, Day);

        await using var context = _fixture.CreateDbContext();
        var user = await Directory.FindByUpnAsync(upn);
        var stored = await context.OnboardingTokens.Where(t => t.UserId == user!.Id).Select(t => t.TokenHash).SingleAsync();

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(link.Token))), stored);
        Assert.DoesNotContain(link.Token, stored, StringComparison.Ordinal);
    }

    [DatabaseFact]
    public async Task A_refused_password_leaves_the_link_usable()
    {
        var upn = await NewImportedUserAsync();
        var link = await Links.IssueAsync(upn, Day);

        var refused = await Links.RedeemAsync(link.Token, "short");
        var ownName = await Links.RedeemAsync(link.Token, upn);

        Assert.Equal(OnboardingOutcome.PasswordRejected, refused.Outcome);
        Assert.False(string.IsNullOrEmpty(refused.Reason));
        Assert.Equal(OnboardingOutcome.PasswordRejected, ownName.Outcome);
        Assert.Null((await Directory.FindByUpnAsync(upn))!.PasswordHash);
        Assert.NotNull(await Links.FindAsync(link.Token));
        Assert.Equal(OnboardingOutcome.PasswordSet, (await Links.RedeemAsync(link.Token, GoodPassword)).Outcome);
    }

    [DatabaseFact]
    public async Task A_link_expires_at_its_expiry_time()
    {
        var upn = await NewImportedUserAsync();
        var link = await Links.IssueAsync(upn, TimeSpan.FromMinutes(10));

        _fixture.Time.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromTicks(10));
        Assert.NotNull(await Links.FindAsync(link.Token));
        _fixture.Time.Advance(TimeSpan.FromTicks(10));

        Assert.Null(await Links.FindAsync(link.Token));
        Assert.Equal(OnboardingOutcome.InvalidLink, (await Links.RedeemAsync(link.Token, GoodPassword)).Outcome);
        Assert.Null((await Directory.FindByUpnAsync(upn))!.PasswordHash);
    }

    [DatabaseFact]
    public async Task A_new_link_or_a_password_set_by_the_administrator_retires_older_links()
    {
        var upn = await NewImportedUserAsync();
        var first = await Links.IssueAsync(upn, Day);
        var second = await Links.IssueAsync(upn, Day);

        Assert.Null(await Links.FindAsync(first.Token));
        Assert.Equal(OnboardingOutcome.InvalidLink, (await Links.RedeemAsync(first.Token, GoodPassword)).Outcome);
        Assert.NotNull(await Links.FindAsync(second.Token));

        await Directory.SetPasswordAsync(upn, "Set by the administrator 3");
        Assert.Null(await Links.FindAsync(second.Token));
        Assert.False((await Directory.FindByUpnAsync(upn))!.NeedsOnboarding);
    }

    [DatabaseFact]
    public async Task Of_twenty_concurrent_redeems_of_one_link_exactly_one_sets_its_password()
    {
        var upn = await NewImportedUserAsync();
        var link = await Links.IssueAsync(upn, Day);
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var redeems = Enumerable.Range(0, 20).Select(i => Task.Run(async () =>
        {
            await start.Task;
            var password = $"Parallel pass phrase number {i}";
            return (Password: password, Result: await Links.RedeemAsync(link.Token, password));
        })).ToList();
        start.SetResult();

        var outcomes = await Task.WhenAll(redeems);

        var winner = Assert.Single(outcomes, o => o.Result.Outcome == OnboardingOutcome.PasswordSet);
        Assert.All(outcomes.Where(o => o != winner), o => Assert.Equal(OnboardingOutcome.InvalidLink, o.Result.Outcome));
        Assert.True(await PasswordIsAsync(upn, winner.Password));
    }

    [DatabaseFact]
    public async Task Of_concurrent_issues_for_one_user_exactly_one_link_works()
    {
        var upn = await NewImportedUserAsync();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var issues = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            await start.Task;
            return await Links.IssueAsync(upn, Day);
        })).ToList();
        start.SetResult();

        var links = await Task.WhenAll(issues);
        var usable = new List<string>();
        foreach (var link in links)
        {
            if (await Links.FindAsync(link.Token) is not null)
            {
                usable.Add(link.Token);
            }
        }

        Assert.Single(usable);
    }

    [DatabaseFact]
    public async Task Malformed_unknown_and_out_of_range_requests_are_refused()
    {
        var upn = await NewImportedUserAsync();
        var link = await Links.IssueAsync(upn, Day);

        foreach (var token in new[] { null, "", "abc", link.Token + "A", link.Token[..^1] + "!", OnboardingLinkLimits.NewToken() })
        {
            Assert.Null(await Links.FindAsync(token));
            Assert.Equal(OnboardingOutcome.InvalidLink, (await Links.RedeemAsync(token, GoodPassword)).Outcome);
        }

        var unknown = await Assert.ThrowsAsync<DirectoryException>(() => Links.IssueAsync($"nobody{Guid.NewGuid():N}@contoso.com", Day));
        Assert.Equal(DirectoryError.UserNotFound, unknown.Error);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Links.IssueAsync(upn, TimeSpan.FromMinutes(4)));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Links.IssueAsync(upn, TimeSpan.FromDays(31)));
        Assert.NotNull(await Links.FindAsync(link.Token));
        var both = await Assert.ThrowsAsync<DirectoryException>(() => Directory.CreateAsync(
            new NewUser { UserPrincipalName = $"both{Guid.NewGuid():N}@contoso.com", Password = GoodPassword, NeedsOnboarding = true }));
        Assert.Equal(DirectoryError.InvalidAttribute, both.Error);
    }
}

[Trait("Kind", "Integration")]
public sealed class SqliteOnboardingLinksTests(SqliteProvisioningFixture fixture) : OnboardingLinksTests<SqliteProvisioningFixture>(fixture);

[Trait("Kind", "Integration")]
public sealed class PostgresOnboardingLinksTests(PostgresProvisioningFixture fixture)
    : OnboardingLinksTests<PostgresProvisioningFixture>(fixture), IRequiresPostgres;
