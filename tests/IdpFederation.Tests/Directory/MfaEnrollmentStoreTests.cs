using System.Text;
using IdpFederation.Core.Directory;
using IdpFederation.Core.Mfa;
using IdpFederation.Infrastructure.Persistence;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace IdpFederation.Tests.Directory;

/// <summary>IMfaEnrollmentStore on the real database, run once per engine; each test creates its own user.</summary>
public abstract class MfaEnrollmentStoreTests<TFixture> : IClassFixture<TFixture> where TFixture : DirectoryDatabaseFixture
{
    private static readonly DateTimeOffset Created = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);
    private readonly TFixture _fixture;

    protected MfaEnrollmentStoreTests(TFixture fixture) => _fixture = fixture;

    private IMfaEnrollmentStore Store => _fixture.Services.GetRequiredService<IMfaEnrollmentStore>();

    private async Task<DirectoryUser> NewUserAsync() =>
        await _fixture.Directory.CreateAsync(new NewUser { UserPrincipalName = $"mfa{Guid.NewGuid():N}@contoso.com" });

    private static MfaEnrollment Enrollment(Guid userId, string seed = "protected-seed", params string[] hashes) =>
        new(userId, seed, Created, null, hashes);

    [DatabaseFact]
    public async Task A_user_without_enrolment_has_none()
    {
        var user = await NewUserAsync();

        Assert.Null(await Store.GetAsync(user.Id));
        Assert.False(await Store.ConfirmAsync(user.Id, Created));
        Assert.False(await Store.ReplaceRecoveryCodesAsync(user.Id, ["h1"]));
        Assert.False(await Store.RemoveRecoveryCodeAsync(user.Id, "h1"));
        Assert.False(await Store.DeleteAsync(user.Id));
    }

    [DatabaseFact]
    public async Task Saved_enrolment_reads_back_with_codes_in_issue_order()
    {
        var user = await NewUserAsync();

        await Store.SaveAsync(Enrollment(user.Id, "seed-1", "h3", "h1", "h2"));

        var stored = await Store.GetAsync(user.Id);
        Assert.NotNull(stored);
        Assert.Equal(user.Id, stored.UserId);
        Assert.Equal("seed-1", stored.ProtectedSeed);
        Assert.Equal(Created, stored.CreatedAt);
        Assert.Equal(TimeSpan.Zero, stored.CreatedAt.Offset);
        Assert.Null(stored.ConfirmedAt);
        Assert.False(stored.IsConfirmed);
        Assert.Equal(["h3", "h1", "h2"], stored.RecoveryCodeHashes);
    }

    [DatabaseFact]
    public async Task Saving_again_replaces_seed_times_and_every_code()
    {
        var user = await NewUserAsync();
        await Store.SaveAsync(Enrollment(user.Id, "old-seed", "old1", "old2"));
        await Store.ConfirmAsync(user.Id, Created.AddMinutes(1));

        await Store.SaveAsync(Enrollment(user.Id, "new-seed", "new1") with { CreatedAt = Created.AddHours(1) });

        var stored = await Store.GetAsync(user.Id);
        Assert.Equal("new-seed", stored!.ProtectedSeed);
        Assert.Equal(Created.AddHours(1), stored.CreatedAt);
        Assert.Null(stored.ConfirmedAt);
        Assert.Equal(["new1"], stored.RecoveryCodeHashes);
    }

    [DatabaseFact]
    public async Task Saving_for_an_unknown_user_is_refused()
    {
        var error = await Assert.ThrowsAsync<DirectoryException>(() => Store.SaveAsync(Enrollment(Guid.NewGuid())));

        Assert.Equal(DirectoryError.UserNotFound, error.Error);
    }

    [DatabaseFact]
    public async Task Confirm_records_when()
    {
        var user = await NewUserAsync();
        await Store.SaveAsync(Enrollment(user.Id));
        var confirmedAt = new DateTimeOffset(2026, 11, 22, 12, 30, 0, TimeSpan.FromHours(2));

        Assert.True(await Store.ConfirmAsync(user.Id, confirmedAt));

        var stored = await Store.GetAsync(user.Id);
        Assert.Equal(confirmedAt, stored!.ConfirmedAt);
        Assert.True(stored.IsConfirmed);
    }

    [DatabaseFact]
    public async Task A_pending_enrolment_replaces_a_pending_one_but_never_a_confirmed_one()
    {
        var user = await NewUserAsync();
        Assert.True(await Store.SavePendingAsync(Enrollment(user.Id, "pending-1")));
        Assert.True(await Store.SavePendingAsync(Enrollment(user.Id, "pending-2")));
        Assert.Equal("pending-2", (await Store.GetAsync(user.Id))!.ProtectedSeed);
        Assert.True(await Store.ConfirmPendingAsync(user.Id, "pending-2", "confirmed", ["h1", "h2"], Created));

        Assert.False(await Store.SavePendingAsync(Enrollment(user.Id, "pending-3")));

        var stored = await Store.GetAsync(user.Id);
        Assert.Equal("confirmed", stored!.ProtectedSeed);
        Assert.Equal(["h1", "h2"], stored.RecoveryCodeHashes);
        Assert.True(stored.IsConfirmed);
        await Assert.ThrowsAsync<DirectoryException>(() => Store.SavePendingAsync(Enrollment(Guid.NewGuid(), "ghost")));
    }

    [DatabaseFact]
    public async Task Confirming_is_a_compare_and_set_on_the_pending_seed()
    {
        var user = await NewUserAsync();
        await Store.SavePendingAsync(Enrollment(user.Id, "seen-by-the-user"));
        await Store.SavePendingAsync(Enrollment(user.Id, "begun-elsewhere"));
        var confirmedAt = new DateTimeOffset(2026, 11, 22, 12, 30, 0, TimeSpan.Zero);

        Assert.False(await Store.ConfirmPendingAsync(user.Id, "seen-by-the-user", "confirmed-a", ["a"], confirmedAt));
        var untouched = await Store.GetAsync(user.Id);
        Assert.Equal("begun-elsewhere", untouched!.ProtectedSeed);
        Assert.Null(untouched.ConfirmedAt);
        Assert.Empty(untouched.RecoveryCodeHashes);

        Assert.True(await Store.ConfirmPendingAsync(user.Id, "begun-elsewhere", "confirmed-b", ["b1", "b2"], confirmedAt));
        Assert.False(await Store.ConfirmPendingAsync(user.Id, "confirmed-b", "again", ["c"], confirmedAt));
        var stored = await Store.GetAsync(user.Id);
        Assert.Equal("confirmed-b", stored!.ProtectedSeed);
        Assert.Equal(confirmedAt, stored.ConfirmedAt);
        Assert.Equal(["b1", "b2"], stored.RecoveryCodeHashes);
        Assert.False(await Store.ConfirmPendingAsync(Guid.NewGuid(), "x", "y", ["z"], confirmedAt));
    }

    [DatabaseFact]
    public async Task The_latest_confirmed_enrolment_is_the_health_checks_sample()
    {
        var first = await NewUserAsync();
        var second = await NewUserAsync();
        var pending = await NewUserAsync();
        await Store.SaveAsync(Enrollment(first.Id, "seed-first", "h1"));
        await Store.SaveAsync(Enrollment(second.Id, "seed-second", "h2"));
        await Store.SaveAsync(Enrollment(pending.Id, "seed-pending"));
        // Far in the future, so enrolments other tests confirmed in a shared database cannot be later.
        await Store.ConfirmAsync(first.Id, new DateTimeOffset(2099, 11, 22, 10, 0, 0, TimeSpan.Zero));
        await Store.ConfirmAsync(second.Id, new DateTimeOffset(2099, 11, 22, 11, 0, 0, TimeSpan.Zero));

        var latest = await Store.GetLatestConfirmedAsync();

        Assert.Equal(second.Id, latest!.UserId);
        Assert.Equal("seed-second", latest.ProtectedSeed);
        Assert.True(latest.IsConfirmed);
    }

    [DatabaseFact]
    public async Task Replacing_recovery_codes_drops_the_old_ones()
    {
        var user = await NewUserAsync();
        await Store.SaveAsync(Enrollment(user.Id, "seed", "a", "b"));

        Assert.True(await Store.ReplaceRecoveryCodesAsync(user.Id, ["c", "d", "e"]));

        Assert.Equal(["c", "d", "e"], (await Store.GetAsync(user.Id))!.RecoveryCodeHashes);
        Assert.False(await Store.RemoveRecoveryCodeAsync(user.Id, "a"));
    }

    [DatabaseFact]
    public async Task A_recovery_code_is_removed_once_and_only_for_its_user()
    {
        var alice = await NewUserAsync();
        var bob = await NewUserAsync();
        await Store.SaveAsync(Enrollment(alice.Id, "seed", "a", "b", "c"));
        await Store.SaveAsync(Enrollment(bob.Id, "seed", "b"));

        Assert.True(await Store.RemoveRecoveryCodeAsync(alice.Id, "b"));
        Assert.False(await Store.RemoveRecoveryCodeAsync(alice.Id, "b"));

        Assert.Equal(["a", "c"], (await Store.GetAsync(alice.Id))!.RecoveryCodeHashes);
        Assert.Equal(["b"], (await Store.GetAsync(bob.Id))!.RecoveryCodeHashes);
    }

    [DatabaseFact]
    public async Task Delete_removes_the_enrolment_and_its_codes()
    {
        var user = await NewUserAsync();
        await Store.SaveAsync(Enrollment(user.Id, "seed", "a", "b"));

        Assert.True(await Store.DeleteAsync(user.Id));

        Assert.Null(await Store.GetAsync(user.Id));
        Assert.Equal(0, await CountCodesAsync(user.Id));
        Assert.False(await Store.DeleteAsync(user.Id));
    }

    [DatabaseFact]
    public async Task Deleting_the_user_deletes_the_enrolment()
    {
        var user = await NewUserAsync();
        await Store.SaveAsync(Enrollment(user.Id, "seed", "a", "b"));

        await _fixture.Directory.DeleteAsync(user.UserPrincipalName);

        Assert.Null(await Store.GetAsync(user.Id));
        Assert.Equal(0, await CountCodesAsync(user.Id));
    }

    [DatabaseFact]
    public async Task The_stored_seed_is_not_the_plain_secret()
    {
        var user = await NewUserAsync();
        var protector = new MfaSecretProtector(new EphemeralDataProtectionProvider());
        var secret = TotpSecret.Generate();
        var plain = secret.ToArray();

        await Store.SaveAsync(Enrollment(user.Id, protector.Protect(user.Id.ToString(), secret)));

        await using var context = _fixture.Services.GetRequiredService<IdpDbContextFactory>().CreateDbContext();
        var column = await context.MfaEnrollments.Where(e => e.UserId == user.Id).Select(e => e.ProtectedSeed).SingleAsync();
        Assert.DoesNotContain(secret.Base32, column, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Convert.ToHexString(plain), column, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Convert.ToBase64String(plain).TrimEnd('='), column, StringComparison.Ordinal);
        Assert.DoesNotContain(Encoding.Latin1.GetString(plain), column, StringComparison.Ordinal);
        Assert.Equal(plain, protector.Unprotect(user.Id.ToString(), column).ToArray());
    }

    private async Task<int> CountCodesAsync(Guid userId)
    {
        await using var context = _fixture.Services.GetRequiredService<IdpDbContextFactory>().CreateDbContext();
        return await context.MfaRecoveryCodes.CountAsync(c => c.UserId == userId);
    }
}

[Trait("Kind", "Integration")]
public sealed class SqliteMfaEnrollmentStoreTests(SqliteDatabaseFixture fixture) : MfaEnrollmentStoreTests<SqliteDatabaseFixture>(fixture);

[Trait("Kind", "Integration")]
public sealed class PostgresMfaEnrollmentStoreTests(PostgresDatabaseFixture fixture)
    : MfaEnrollmentStoreTests<PostgresDatabaseFixture>(fixture), IRequiresPostgres;
