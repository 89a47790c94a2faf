using IdpFederation.Core.Directory;
using IdpFederation.Core.Passwords;

namespace IdpFederation.Tests.Directory;

/// <summary>The directory contract, run once per engine. Tests share a database, so each makes its own UPNs.</summary>
public abstract class UserDirectoryTests<TFixture> : IClassFixture<TFixture> where TFixture : DirectoryDatabaseFixture
{
    protected UserDirectoryTests(TFixture fixture) => Fixture = fixture;

    protected TFixture Fixture { get; }

    private IUserDirectory Directory => Fixture.Directory;

    protected static string NewUpn(string domain = "contoso.com") => $"user{Guid.NewGuid():N}@{domain}";

    [DatabaseFact]
    public async Task Created_user_is_found_whatever_the_case()
    {
        var upn = "Mixed." + NewUpn();
        var created = await Directory.CreateAsync(new NewUser { UserPrincipalName = upn, DisplayName = "  Mixed Case  ", UsageLocation = "de" });

        var found = await Directory.FindByUpnAsync(upn.ToUpperInvariant());

        Assert.NotNull(found);
        Assert.Equal(created.Id, found.Id);
        Assert.Equal(upn, found.UserPrincipalName);
        Assert.Equal("Mixed Case", found.DisplayName);
        Assert.Equal("DE", found.UsageLocation);
        Assert.True(found.Enabled);
        Assert.Null(found.PasswordHash);
        Assert.InRange(found.CreatedAt, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.NotNull(await Directory.FindByUpnAsync(" " + upn.ToLowerInvariant() + " "));
    }

    [DatabaseFact]
    public async Task Unknown_or_malformed_upn_is_not_found()
    {
        Assert.Null(await Directory.FindByUpnAsync(NewUpn()));
        Assert.Null(await Directory.FindByUpnAsync(""));
        Assert.Null(await Directory.FindByUpnAsync(new string('x', 5000)));
    }

    [DatabaseFact]
    public async Task Duplicate_upn_is_refused_even_when_only_the_case_differs()
    {
        var upn = NewUpn();
        await Directory.CreateAsync(new NewUser { UserPrincipalName = upn });

        var same = await Assert.ThrowsAsync<DirectoryException>(() => Directory.CreateAsync(new NewUser { UserPrincipalName = upn }));
        var upper = await Assert.ThrowsAsync<DirectoryException>(() => Directory.CreateAsync(new NewUser { UserPrincipalName = upn.ToUpperInvariant() }));

        Assert.Equal(DirectoryError.DuplicateUser, same.Error);
        Assert.Equal(DirectoryError.DuplicateUser, upper.Error);
        Assert.Contains("already exists", upper.Message, StringComparison.Ordinal);
    }

    [DatabaseFact]
    public async Task Concurrent_creates_of_one_upn_let_exactly_one_through()
    {
        var upn = NewUpn();
        var attempts = Enumerable.Range(0, 6).Select(i => Task.Run(async () =>
        {
            try
            {
                await Directory.CreateAsync(new NewUser { UserPrincipalName = i % 2 == 0 ? upn : upn.ToUpperInvariant() });
                return (DirectoryError?)null;
            }
            catch (DirectoryException e)
            {
                return e.Error;
            }
        }));

        var outcomes = await Task.WhenAll(attempts);

        Assert.Single(outcomes, o => o is null);
        Assert.All(outcomes.Where(o => o is not null), o => Assert.Equal(DirectoryError.DuplicateUser, o));
    }

    [DatabaseFact]
    public async Task ImmutableId_is_generated_as_base64_of_a_guid()
    {
        var user = await Directory.CreateAsync(new NewUser { UserPrincipalName = NewUpn() });
        var other = await Directory.CreateAsync(new NewUser { UserPrincipalName = NewUpn() });

        Assert.Equal(16, Convert.FromBase64String(user.ImmutableId).Length);
        Assert.Null(ImmutableId.Validate(user.ImmutableId));
        Assert.NotEqual(user.ImmutableId, other.ImmutableId);
        Assert.Equal(user.ImmutableId, (await Directory.FindByUpnAsync(user.UserPrincipalName))!.ImmutableId);
    }

    [DatabaseFact]
    public async Task Explicit_ImmutableId_is_kept()
    {
        var immutableId = Convert.ToBase64String(Guid.NewGuid().ToByteArray()).TrimEnd('=') + "x";
        var user = await Directory.CreateAsync(new NewUser { UserPrincipalName = NewUpn(), ImmutableId = immutableId });

        Assert.Equal(immutableId, (await Directory.FindByUpnAsync(user.UserPrincipalName))!.ImmutableId);
    }

    [DatabaseFact]
    public async Task Invalid_ImmutableId_is_refused_and_nothing_is_stored()
    {
        var upn = NewUpn();
        foreach (var bad in new[] { "", "has space", "a$b", "a_b", "a@b", new string('A', 65) })
        {
            var error = await Assert.ThrowsAsync<DirectoryException>(() => Directory.CreateAsync(new NewUser { UserPrincipalName = upn, ImmutableId = bad }));
            Assert.Equal(DirectoryError.InvalidImmutableId, error.Error);
        }

        Assert.Null(await Directory.FindByUpnAsync(upn));
    }

    [DatabaseFact]
    public async Task Duplicate_ImmutableId_is_refused()
    {
        var first = await Directory.CreateAsync(new NewUser { UserPrincipalName = NewUpn() });

        var error = await Assert.ThrowsAsync<DirectoryException>(
            () => Directory.CreateAsync(new NewUser { UserPrincipalName = NewUpn(), ImmutableId = first.ImmutableId }));

        Assert.Equal(DirectoryError.DuplicateUser, error.Error);
        Assert.Contains("ImmutableID", error.Message, StringComparison.Ordinal);
    }

    [DatabaseFact]
    public async Task Password_given_at_creation_is_stored_hashed()
    {
        var user = await Directory.CreateAsync(new NewUser { UserPrincipalName = NewUpn(), Password = "correct horse" });

        var stored = (await Directory.FindByUpnAsync(user.UserPrincipalName))!.PasswordHash;

        Assert.NotNull(stored);
        Assert.DoesNotContain("correct horse", stored, StringComparison.Ordinal);
        Assert.Equal(PasswordVerificationResult.Success, Fixture.PasswordHasher.Verify(stored, "correct horse"));
        Assert.Equal(PasswordVerificationResult.Failed, Fixture.PasswordHasher.Verify(stored, "wrong horse"));
    }

    [DatabaseFact]
    public async Task SetPassword_replaces_the_password()
    {
        var user = await Directory.CreateAsync(new NewUser { UserPrincipalName = NewUpn(), Password = "old password" });

        await Directory.SetPasswordAsync(user.UserPrincipalName.ToUpperInvariant(), "a new pass phrase");

        var stored = (await Directory.FindByUpnAsync(user.UserPrincipalName))!.PasswordHash!;
        Assert.Equal(PasswordVerificationResult.Success, Fixture.PasswordHasher.Verify(stored, "a new pass phrase"));
        Assert.Equal(PasswordVerificationResult.Failed, Fixture.PasswordHasher.Verify(stored, "old password"));
        var missing = await Assert.ThrowsAsync<DirectoryException>(() => Directory.SetPasswordAsync(NewUpn(), "a new pass phrase"));
        Assert.Equal(DirectoryError.UserNotFound, missing.Error);
    }

    [DatabaseFact]
    public async Task A_password_the_policy_refuses_is_stored_neither_at_creation_nor_as_a_change()
    {
        var upn = NewUpn();

        var tooShort = await Assert.ThrowsAsync<DirectoryException>(() => Directory.CreateAsync(new NewUser { UserPrincipalName = upn, Password = "x" }));
        Assert.Equal(DirectoryError.PasswordRejected, tooShort.Error);
        Assert.Contains("shorter than 12 characters", tooShort.Message, StringComparison.Ordinal);
        Assert.Null(await Directory.FindByUpnAsync(upn));

        await Directory.CreateAsync(new NewUser { UserPrincipalName = upn, Password = "old password" });
        var before = (await Directory.FindByUpnAsync(upn))!.PasswordHash;
        var banned = await Assert.ThrowsAsync<DirectoryException>(() => Directory.SetPasswordAsync(upn, "PASSWORD123!"));
        var ownName = await Assert.ThrowsAsync<DirectoryException>(() => Directory.SetPasswordAsync(upn, upn.ToUpperInvariant()));

        Assert.Equal(DirectoryError.PasswordRejected, banned.Error);
        Assert.Contains("commonly used passwords", banned.Message, StringComparison.Ordinal);
        Assert.Equal(DirectoryError.PasswordRejected, ownName.Error);
        Assert.Contains("user's name", ownName.Message, StringComparison.Ordinal);
        Assert.Equal(before, (await Directory.FindByUpnAsync(upn))!.PasswordHash);
    }

    [DatabaseFact]
    public async Task RehashPassword_replaces_only_the_hash_that_was_verified_and_only_with_the_same_password()
    {
        var user = await Directory.CreateAsync(new NewUser { UserPrincipalName = NewUpn(), Password = "old password" });
        var verified = (await Directory.FindByUpnAsync(user.UserPrincipalName))!.PasswordHash!;

        // Another password, even with the verified hash in hand, is refused: this is no way around the policy.
        Assert.False(await Directory.RehashPasswordAsync(user.UserPrincipalName, verified, "x"));
        Assert.Equal(verified, (await Directory.FindByUpnAsync(user.UserPrincipalName))!.PasswordHash);

        Assert.True(await Directory.RehashPasswordAsync(user.UserPrincipalName.ToUpperInvariant(), verified, "old password"));
        var upgraded = (await Directory.FindByUpnAsync(user.UserPrincipalName))!.PasswordHash!;
        Assert.NotEqual(verified, upgraded);
        Assert.NotEqual(PasswordVerificationResult.Failed, Fixture.PasswordHasher.Verify(upgraded, "old password"));

        // A sign-in that verified the hash before an administrator's reset must not put the old password back.
        await Directory.SetPasswordAsync(user.UserPrincipalName, "the administrator's reset");
        var reset = (await Directory.FindByUpnAsync(user.UserPrincipalName))!.PasswordHash;
        Assert.False(await Directory.RehashPasswordAsync(user.UserPrincipalName, upgraded, "old password"));
        Assert.Equal(reset, (await Directory.FindByUpnAsync(user.UserPrincipalName))!.PasswordHash);
        Assert.False(await Directory.RehashPasswordAsync(NewUpn(), verified, "old password"));
    }

    [DatabaseFact]
    public async Task Users_can_be_disabled_and_enabled()
    {
        var user = await Directory.CreateAsync(new NewUser { UserPrincipalName = NewUpn() });

        await Directory.SetEnabledAsync(user.UserPrincipalName, enabled: false);
        Assert.False((await Directory.FindByUpnAsync(user.UserPrincipalName))!.Enabled);

        await Directory.SetEnabledAsync(user.UserPrincipalName, enabled: true);
        Assert.True((await Directory.FindByUpnAsync(user.UserPrincipalName))!.Enabled);

        var missing = await Assert.ThrowsAsync<DirectoryException>(() => Directory.SetEnabledAsync(NewUpn(), enabled: false));
        Assert.Equal(DirectoryError.UserNotFound, missing.Error);
    }

    [DatabaseFact]
    public async Task Delete_removes_the_user_and_frees_the_upn()
    {
        var upn = NewUpn();
        var user = await Directory.CreateAsync(new NewUser { UserPrincipalName = upn });

        await Directory.DeleteAsync(upn.ToUpperInvariant());

        Assert.Null(await Directory.FindByUpnAsync(upn));
        Assert.DoesNotContain(await Directory.ListAsync(), u => u.Id == user.Id);
        var again = await Assert.ThrowsAsync<DirectoryException>(() => Directory.DeleteAsync(upn));
        Assert.Equal(DirectoryError.UserNotFound, again.Error);
        var recreated = await Directory.CreateAsync(new NewUser { UserPrincipalName = upn });
        Assert.NotEqual(user.Id, recreated.Id);
    }

    [DatabaseFact]
    public async Task List_returns_users_with_their_roles()
    {
        var role = "lister" + Guid.NewGuid().ToString("N")[..8];
        var a = await Directory.CreateAsync(new NewUser { UserPrincipalName = NewUpn(), Roles = [role, "zeta-" + role] });
        var b = await Directory.CreateAsync(new NewUser { UserPrincipalName = NewUpn("fabrikam.com") });

        var users = await Directory.ListAsync();

        Assert.Equal([role, "zeta-" + role], users.Single(u => u.Id == a.Id).Roles);
        Assert.Empty(users.Single(u => u.Id == b.Id).Roles);
    }

    [DatabaseFact]
    public async Task Subdomain_of_a_federated_domain_is_accepted()
    {
        var upn = NewUpn("sales.emea.contoso.com");

        await Directory.CreateAsync(new NewUser { UserPrincipalName = upn });

        Assert.NotNull(await Directory.FindByUpnAsync(upn));
    }

    [DatabaseFact]
    public async Task Upn_outside_the_federated_domains_is_refused()
    {
        foreach (var upn in new[] { NewUpn("example.org"), NewUpn("notcontoso.com"), NewUpn("contoso.com.evil.org") })
        {
            var error = await Assert.ThrowsAsync<DirectoryException>(() => Directory.CreateAsync(new NewUser { UserPrincipalName = upn }));
            Assert.Equal(DirectoryError.DomainNotFederated, error.Error);
            Assert.Null(await Directory.FindByUpnAsync(upn));
        }
    }

    [DatabaseFact]
    public async Task Malformed_upn_and_attributes_are_refused()
    {
        var badUpn = await Assert.ThrowsAsync<DirectoryException>(() => Directory.CreateAsync(new NewUser { UserPrincipalName = "no-at-sign" }));
        var badLocation = await Assert.ThrowsAsync<DirectoryException>(
            () => Directory.CreateAsync(new NewUser { UserPrincipalName = NewUpn(), UsageLocation = "USA" }));
        var badRole = await Assert.ThrowsAsync<DirectoryException>(
            () => Directory.CreateAsync(new NewUser { UserPrincipalName = NewUpn(), Roles = ["has/slash"] }));

        Assert.Equal(DirectoryError.InvalidUserPrincipalName, badUpn.Error);
        Assert.Equal(DirectoryError.InvalidAttribute, badLocation.Error);
        Assert.Equal(DirectoryError.InvalidAttribute, badRole.Error);
    }
}

[Trait("Kind", "Integration")]
public sealed class SqliteUserDirectoryTests(SqliteDatabaseFixture fixture) : UserDirectoryTests<SqliteDatabaseFixture>(fixture);

[Trait("Kind", "Integration")]
public sealed class PostgresUserDirectoryTests(PostgresDatabaseFixture fixture)
    : UserDirectoryTests<PostgresDatabaseFixture>(fixture), IRequiresPostgres;
