using System.Text.Json.Nodes;
using IdpFederation.Tests.Server;

namespace IdpFederation.Tests.Passwords;

/// <summary>The server refuses to start on a bad Idp:PasswordPolicy, with the reason, before any password is set.</summary>
[Trait("Kind", "Integration")]
public sealed class PasswordPolicyServerStartupTests
{
    [Fact]
    public async Task A_minimum_below_eight_stops_start_up_with_the_precise_reason()
    {
        using var environment = new TestIdpEnvironment(config => config["Idp"]!["PasswordPolicy"] = new JsonObject { ["MinimumLength"] = 6 });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => IdpServerProcess.StartAsync(environment));

        Assert.Contains("Idp:PasswordPolicy:MinimumLength 6 must be between 8 (NIST SP 800-63B's floor) and 64.", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_banned_passwords_file_that_does_not_exist_stops_start_up_naming_it()
    {
        using var environment = new TestIdpEnvironment(config => config["Idp"]!["PasswordPolicy"] = new JsonObject { ["BannedPasswordsFile"] = "our-banned.txt" });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => IdpServerProcess.StartAsync(environment));

        Assert.Contains($"Idp:PasswordPolicy:BannedPasswordsFile: '{Path.Combine(environment.ConfigDirectory, "our-banned.txt")}' does not exist.",
            error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error.Message, StringComparison.Ordinal);
    }
}
