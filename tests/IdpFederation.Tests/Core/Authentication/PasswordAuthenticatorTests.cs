using IdpFederation.Core.Authentication;
using IdpFederation.Core.Passwords;

namespace IdpFederation.Tests.CoreLayer;

[Trait("Kind", "Unit")]
public sealed class PasswordAuthenticatorTests
{
    private const string Password = "correct horse battery staple";

    private readonly CoreTestFactory _factory = new();

    private Task<PasswordAuthenticationResult> AuthenticateAsync(string username, string password) =>
        _factory.CreatePasswordAuthenticator().AuthenticateAsync(username, password);

    [Fact]
    public async Task The_right_password_succeeds_and_returns_the_stored_user()
    {
        var alice = _factory.Directory.Add("alice@contoso.com", CountingPasswordHasher.HashFor(Password, 1));

        var result = await AuthenticateAsync("alice@contoso.com", Password);

        Assert.True(result.Succeeded);
        Assert.Equal(PasswordAuthenticationOutcome.Success, result.Outcome);
        Assert.Equal(alice, result.User);
        Assert.Equal("alice@contoso.com", result.UserPrincipalName);
        Assert.Empty(_factory.Directory.PasswordChanges);
    }

    [Fact]
    public async Task The_result_carries_the_directorys_spelling_of_the_upn()
    {
        _factory.Directory.Add("Alice@Contoso.com", CountingPasswordHasher.HashFor(Password, 1));

        var result = await AuthenticateAsync("ALICE@CONTOSO.COM", Password);

        Assert.True(result.Succeeded);
        Assert.Equal("Alice@Contoso.com", result.UserPrincipalName);
    }

    [Theory]
    [InlineData("correct horse battery stapl")]
    [InlineData("Correct horse battery staple")]
    [InlineData("")]
    public async Task A_wrong_password_is_invalid_credentials_without_the_user(string attempt)
    {
        _factory.Directory.Add("alice@contoso.com", CountingPasswordHasher.HashFor(Password, 1));

        var result = await AuthenticateAsync("alice@contoso.com", attempt);

        Assert.False(result.Succeeded);
        Assert.Equal(PasswordAuthenticationOutcome.InvalidCredentials, result.Outcome);
        Assert.Null(result.User);
        Assert.Equal(1, _factory.Hasher.VerifyCalls);
    }

    [Fact]
    public async Task An_unknown_user_still_costs_one_hash_verification()
    {
        var result = await AuthenticateAsync("nobody@contoso.com", Password);

        Assert.Equal(PasswordAuthenticationOutcome.InvalidCredentials, result.Outcome);
        Assert.Null(result.User);
        Assert.Equal("nobody@contoso.com", result.UserPrincipalName);
        Assert.Equal(1, _factory.Hasher.VerifyCalls);
    }

    [Fact]
    public async Task Unknown_users_are_checked_against_a_decoy_that_is_built_once()
    {
        var authenticator = _factory.CreatePasswordAuthenticator();

        await authenticator.AuthenticateAsync("nobody@contoso.com", Password);
        await authenticator.AuthenticateAsync("nobody2@contoso.com", Password);
        await authenticator.AuthenticateAsync("nobody3@contoso.com", Password);

        Assert.Equal(3, _factory.Hasher.VerifyCalls);
        Assert.Equal(1, _factory.Hasher.HashCalls);
        Assert.Single(_factory.Hasher.VerifiedHashes.Distinct());
    }

    [Fact]
    public async Task A_user_without_a_password_fails_like_an_unknown_one_and_still_verifies()
    {
        _factory.Directory.Add("nopass@contoso.com", passwordHash: null);

        var result = await AuthenticateAsync("nopass@contoso.com", "");

        Assert.Equal(PasswordAuthenticationOutcome.InvalidCredentials, result.Outcome);
        Assert.Null(result.User);
        Assert.Equal(1, _factory.Hasher.VerifyCalls);
    }

    [Fact]
    public async Task The_decoy_password_cannot_be_guessed_into_a_sign_in()
    {
        // Even the exact decoy secret must not log in a user that has no password.
        _factory.Directory.Add("nopass@contoso.com", passwordHash: null);
        var authenticator = _factory.CreatePasswordAuthenticator();
        await authenticator.AuthenticateAsync("nopass@contoso.com", "x");
        var decoySecret = _factory.Hasher.VerifiedHashes.Single().Split('$', 3)[2];

        var result = await authenticator.AuthenticateAsync("nopass@contoso.com", decoySecret);

        Assert.Equal(PasswordAuthenticationOutcome.InvalidCredentials, result.Outcome);
    }

    [Fact]
    public async Task A_disabled_user_with_the_right_password_is_told_the_account_is_disabled()
    {
        var alice = _factory.Directory.Add("alice@contoso.com", CountingPasswordHasher.HashFor(Password, 1), enabled: false);

        var result = await AuthenticateAsync("alice@contoso.com", Password);

        Assert.False(result.Succeeded);
        Assert.Equal(PasswordAuthenticationOutcome.AccountDisabled, result.Outcome);
        Assert.Equal(alice, result.User);
    }

    [Fact]
    public async Task A_disabled_user_with_a_wrong_password_looks_like_any_wrong_password()
    {
        _factory.Directory.Add("alice@contoso.com", CountingPasswordHasher.HashFor(Password, 1), enabled: false);

        var result = await AuthenticateAsync("alice@contoso.com", "guess");

        Assert.Equal(PasswordAuthenticationOutcome.InvalidCredentials, result.Outcome);
        Assert.Null(result.User);
    }

    [Fact]
    public async Task A_disabled_user_is_not_rehashed()
    {
        _factory.Hasher.Version = 2;
        _factory.Directory.Add("alice@contoso.com", CountingPasswordHasher.HashFor(Password, 1), enabled: false);

        await AuthenticateAsync("alice@contoso.com", Password);

        Assert.Empty(_factory.Directory.PasswordChanges);
    }

    [Theory]
    [InlineData("alice")]
    [InlineData("  alice ")]
    public async Task A_bare_username_gets_the_configured_suffix(string typed)
    {
        _factory.Directory.Add("alice@contoso.com", CountingPasswordHasher.HashFor(Password, 1));

        var result = await AuthenticateAsync(typed, Password);

        Assert.True(result.Succeeded);
        Assert.Equal(["alice@contoso.com"], _factory.Directory.Lookups);
    }

    [Fact]
    public async Task A_bare_username_without_a_suffix_is_looked_up_as_typed_and_fails()
    {
        var factory = new CoreTestFactory(o => o.PrincipalNameSuffix = null);
        factory.Directory.Add("alice@contoso.com", CountingPasswordHasher.HashFor(Password, 1));

        var result = await factory.CreatePasswordAuthenticator().AuthenticateAsync("alice", Password);

        Assert.Equal(PasswordAuthenticationOutcome.InvalidCredentials, result.Outcome);
        Assert.Equal("alice", result.UserPrincipalName);
        Assert.Equal(1, factory.Hasher.VerifyCalls);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task A_blank_username_skips_the_directory_but_still_verifies(string typed)
    {
        var result = await AuthenticateAsync(typed, Password);

        Assert.Equal(PasswordAuthenticationOutcome.InvalidCredentials, result.Outcome);
        Assert.Equal(0, _factory.Directory.FindCalls);
        Assert.Equal(1, _factory.Hasher.VerifyCalls);
    }

    [Fact]
    public async Task A_hash_with_old_parameters_is_replaced_with_a_new_one_on_success()
    {
        _factory.Directory.Add("alice@contoso.com", CountingPasswordHasher.HashFor(Password, 1));
        _factory.Hasher.Version = 2;

        var result = await AuthenticateAsync("alice@contoso.com", Password);

        Assert.True(result.Succeeded);
        Assert.Equal([("alice@contoso.com", CountingPasswordHasher.HashFor(Password, 2))], _factory.Directory.PasswordChanges);
        Assert.Equal(CountingPasswordHasher.HashFor(Password, 2), (await _factory.Directory.FindByUpnAsync("alice@contoso.com"))?.PasswordHash);
    }

    [Fact]
    public async Task A_wrong_password_never_rehashes()
    {
        _factory.Directory.Add("alice@contoso.com", CountingPasswordHasher.HashFor(Password, 1));
        _factory.Hasher.Version = 2;

        await AuthenticateAsync("alice@contoso.com", "wrong");

        Assert.Empty(_factory.Directory.PasswordChanges);
    }

    [Fact]
    public async Task With_the_real_pbkdf2_hasher_raising_iterations_upgrades_the_stored_hash()
    {
        var stored = new Pbkdf2PasswordHasher(1_000).Hash(Password);
        _factory.Directory.Add("alice@contoso.com", stored);
        var hasher = new Pbkdf2PasswordHasher(2_000);
        _factory.PasswordHasher = hasher;

        var first = await AuthenticateAsync("alice@contoso.com", Password);
        var second = await AuthenticateAsync("alice@contoso.com", Password);

        Assert.True(first.Succeeded);
        Assert.True(second.Succeeded);
        var (upn, upgraded) = Assert.Single(_factory.Directory.PasswordChanges);
        Assert.Equal("alice@contoso.com", upn);
        Assert.Equal("2000", upgraded.Split('$')[1]);
        Assert.Equal(PasswordVerificationResult.Success, hasher.Verify(upgraded, Password));
    }

    [Fact]
    public async Task With_the_real_pbkdf2_hasher_a_wrong_password_fails()
    {
        var hasher = new Pbkdf2PasswordHasher(1_000);
        _factory.PasswordHasher = hasher;
        _factory.Directory.Add("alice@contoso.com", hasher.Hash(Password));

        Assert.Equal(PasswordAuthenticationOutcome.InvalidCredentials, (await AuthenticateAsync("alice@contoso.com", Password + "!")).Outcome);
        Assert.True((await AuthenticateAsync("alice@contoso.com", Password)).Succeeded);
    }

    [Fact]
    public async Task Null_arguments_are_refused()
    {
        var authenticator = _factory.CreatePasswordAuthenticator();

        await Assert.ThrowsAsync<ArgumentNullException>(() => authenticator.AuthenticateAsync(null!, Password));
        await Assert.ThrowsAsync<ArgumentNullException>(() => authenticator.AuthenticateAsync("alice", null!));
    }
}

/// <summary>The timing decoy against the options-bound hasher the server registers (DirectoryServiceCollectionExtensions).</summary>
[Trait("Kind", "Unit")]
public sealed class PasswordAuthenticatorDecoyTests
{
    [Fact]
    public async Task After_a_reload_raises_iterations_unknown_users_are_checked_against_a_decoy_of_the_new_cost()
    {
        // BUG (documented here, not fixed): PasswordAuthenticator builds its decoy hash once (Lazy<string>) with the
        // iteration count in force at the first unknown-user sign-in. The server's Pbkdf2PasswordHasher follows
        // Idp:PasswordHashing:Iterations live, so after a reload that raises the count, a wrong password for a real,
        // already upgraded user costs the new count while an unknown user still costs the old one: the timing
        // difference the decoy exists to remove comes back until the process restarts.
        var factory = new CoreTestFactory(o => o.PasswordHashing.Iterations = 1_000);
        var hasher = new RecordingHasher(new Pbkdf2PasswordHasher(factory.Options));
        factory.PasswordHasher = hasher;
        var authenticator = factory.CreatePasswordAuthenticator();
        await authenticator.AuthenticateAsync("nobody@contoso.com", "guess");

        var reloaded = CoreTestFactory.DefaultOptions();
        reloaded.PasswordHashing.Iterations = 2_000;
        factory.Options.Set(reloaded);
        factory.Directory.Add("alice@contoso.com", hasher.Hash("right"));
        await authenticator.AuthenticateAsync("alice@contoso.com", "wrong");
        await authenticator.AuthenticateAsync("nobody@contoso.com", "guess");

        var realUserCost = hasher.Verified[^2].Split('$')[1];
        var unknownUserCost = hasher.Verified[^1].Split('$')[1];
        Assert.Equal("2000", realUserCost);
        Assert.Equal(realUserCost, unknownUserCost);
    }

    private sealed class RecordingHasher(IPasswordHasher inner) : IPasswordHasher
    {
        public List<string> Verified { get; } = [];

        public string Hash(string password) => inner.Hash(password);

        public PasswordVerificationResult Verify(string passwordHash, string password)
        {
            Verified.Add(passwordHash);
            return inner.Verify(passwordHash, password);
        }
    }
}
