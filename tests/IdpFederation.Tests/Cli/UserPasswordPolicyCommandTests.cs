using System.Text.Json.Nodes;
using IdpFederation.Core.Passwords;

namespace IdpFederation.Tests.Cli;

/// <summary>
/// Idp:PasswordPolicy as an administrator meets it: user add and user set-password refuse a weak password with one
/// line naming the rule (exit 1, like every other refused value) and change nothing.
/// </summary>
[Trait("Kind", "Integration")]
public sealed class UserPasswordPolicyCommandTests : IDisposable
{
    private const string GoodPassword = "Purple monkey dishwasher 7";

    private readonly CliTestHost _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Add_refuses_a_one_character_password_and_creates_nobody()
    {
        var result = await _cli.RunWithStdinAsync("x\n", "user", "add", "alice@contoso.com", "--password-stdin");

        result.FailedWith(1, "Password refused: it is shorter than 12 characters (Idp:PasswordPolicy:MinimumLength).");
        Assert.Equal("", result.Stdout);
        await AssertNoUsersAsync();
    }

    [Theory]
    [InlineData("PASSWORD123!")]
    [InlineData("September2024!")]
    [InlineData("qWeRtYuIoP123")]
    public async Task Add_refuses_a_common_password_in_any_case(string password)
    {
        var result = await _cli.RunWithStdinAsync(password + "\n", "user", "add", "alice@contoso.com", "--password-stdin");

        result.FailedWith(1, "Password refused: it is on the list of commonly used passwords");
        Assert.DoesNotContain(password, result.Stderr, StringComparison.OrdinalIgnoreCase);
        await AssertNoUsersAsync();
    }

    [Theory]
    [InlineData("Christopher.Robin@Contoso.com")]
    [InlineData("CHRISTOPHER.ROBIN")]
    public async Task Add_refuses_the_users_own_name(string password)
    {
        var result = await _cli.RunWithStdinAsync(password + "\n", "user", "add", "christopher.robin@contoso.com", "--password-stdin");

        result.FailedWith(1, "Password refused: it is the user's name");
        await AssertNoUsersAsync();
    }

    [Fact]
    public async Task Add_with_a_good_password_creates_the_user_with_it()
    {
        var result = (await _cli.RunWithStdinAsync(GoodPassword + "\n", "user", "add", "alice@contoso.com", "--password-stdin")).Succeeded();

        Assert.StartsWith("Created alice@contoso.com with ImmutableID", result.Stdout, StringComparison.Ordinal);
        Assert.Equal(PasswordVerificationResult.Success, await VerifyAsync("alice@contoso.com", GoodPassword));
    }

    [Fact]
    public async Task Set_password_refuses_a_weak_password_and_keeps_the_old_one()
    {
        (await _cli.RunWithStdinAsync(GoodPassword + "\n", "user", "add", "alice@contoso.com", "--password-stdin")).Succeeded();

        (await _cli.RunWithStdinAsync("x\n", "user", "set-password", "alice@contoso.com", "--password-stdin"))
            .FailedWith(1, "shorter than 12 characters");
        (await _cli.RunWithStdinAsync("Welcome@2024\n", "user", "set-password", "alice@contoso.com", "--password-stdin"))
            .FailedWith(1, "commonly used passwords");
        (await _cli.RunWithStdinAsync("ALICE@contoso.com\n", "user", "set-password", "alice@contoso.com", "--password-stdin"))
            .FailedWith(1, "the user's name");

        Assert.Equal(PasswordVerificationResult.Success, await VerifyAsync("alice@contoso.com", GoodPassword));
        (await _cli.RunWithStdinAsync("A different pass phrase 8\n", "user", "set-password", "alice@contoso.com", "--password-stdin")).Succeeded();
        Assert.Equal(PasswordVerificationResult.Success, await VerifyAsync("alice@contoso.com", "A different pass phrase 8"));
    }

    [Fact]
    public async Task A_configured_minimum_and_banned_file_apply()
    {
        using var cli = new CliTestHost(idp => idp["PasswordPolicy"] = new JsonObject { ["MinimumLength"] = 16, ["BannedPasswordsFile"] = "local-banned.txt" });
        await File.WriteAllTextAsync(Path.Combine(cli.ConfigDirectory, "local-banned.txt"), "# Local words\nContoso Sydney 2026\n");

        (await cli.RunWithStdinAsync("fifteen chars!!\n", "user", "add", "alice@contoso.com", "--password-stdin"))
            .FailedWith(1, "shorter than 16 characters (Idp:PasswordPolicy:MinimumLength)");
        (await cli.RunWithStdinAsync("CONTOSO SYDNEY 2026\n", "user", "add", "alice@contoso.com", "--password-stdin"))
            .FailedWith(1, "commonly used passwords");
        (await cli.RunWithStdinAsync("Purple monkey dishwasher\n", "user", "add", "alice@contoso.com", "--password-stdin")).Succeeded();
    }

    [Fact]
    public async Task A_missing_banned_passwords_file_is_a_configuration_error()
    {
        using var cli = new CliTestHost(idp => idp["PasswordPolicy"] = new JsonObject { ["BannedPasswordsFile"] = "nowhere.txt" });

        (await cli.RunWithStdinAsync(GoodPassword + "\n", "user", "add", "alice@contoso.com", "--password-stdin"))
            .FailedWith(1, "Configuration is invalid: Idp:PasswordPolicy:BannedPasswordsFile: '");
        (await cli.RunAsync("user", "list")).FailedWith(1, "nowhere.txt' does not exist.");
    }

    [Fact]
    public async Task A_minimum_below_eight_is_a_configuration_error()
    {
        using var cli = new CliTestHost(idp => idp["PasswordPolicy"] = new JsonObject { ["MinimumLength"] = 4 });

        (await cli.RunWithStdinAsync(GoodPassword + "\n", "user", "add", "alice@contoso.com", "--password-stdin"))
            .FailedWith(1, "Configuration is invalid: Idp:PasswordPolicy:MinimumLength 4 must be between 8");
    }

    private async Task AssertNoUsersAsync() =>
        Assert.Empty((await _cli.RunAsync("user", "list", "--json")).Succeeded().Json.AsArray());

    private Task<PasswordVerificationResult> VerifyAsync(string upn, string password) =>
        _cli.WithServicesAsync(async (directory, _, hasher) => hasher.Verify((await directory.FindByUpnAsync(upn))!.PasswordHash!, password));
}
