using IdpFederation.Core.Passwords;

namespace IdpFederation.Tests.Cli;

[Trait("Kind", "Integration")]
public sealed class UserCommandTests : IDisposable
{
    private readonly CliTestHost _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Add_with_every_option_is_shown_back_without_the_hash()
    {
        var added = (await _cli.RunWithStdinAsync("Purple monkey dishwasher 7\n",
            "user", "add", "Alice@Contoso.com", "--display-name", "Alice Smith", "--password-stdin",
            "--immutable-id", "aW1tdXRhYmxl", "--usage-location", "gb", "--role", "admins", "--role", "helpdesk")).Succeeded();

        var shown = (await _cli.RunAsync("user", "show", "alice@contoso.com", "--json")).Succeeded();

        Assert.Contains("aW1tdXRhYmxl", added.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("dishwasher", added.Stdout + shown.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("pbkdf2", shown.Stdout, StringComparison.Ordinal);
        var json = shown.Json;
        Assert.Equal("Alice@Contoso.com", (string?)json["userPrincipalName"]);
        Assert.Equal("Alice Smith", (string?)json["displayName"]);
        Assert.Equal("aW1tdXRhYmxl", (string?)json["immutableId"]);
        Assert.Equal("GB", (string?)json["usageLocation"]);
        Assert.True((bool?)json["enabled"]);
        Assert.True((bool?)json["hasPassword"]);
        Assert.Equal(["admins", "helpdesk"], json["roles"]!.AsArray().Select(r => (string?)r));
        Assert.Null(json["passwordHash"]);
        Assert.Equal(PasswordVerificationResult.Success, await VerifyStoredPasswordAsync("alice@contoso.com", "Purple monkey dishwasher 7"));
    }

    [Fact]
    public async Task Add_without_password_generates_an_immutable_id_and_says_no_password_is_set()
    {
        var result = (await _cli.RunAsync("user", "add", "bob@sales.fabrikam.com")).Succeeded();

        Assert.Contains("No password set", result.Stdout, StringComparison.Ordinal);
        var json = (await _cli.RunAsync("user", "show", "BOB@sales.fabrikam.com", "--json")).Succeeded().Json;
        Assert.False((bool?)json["hasPassword"]);
        Assert.Equal(16, Convert.FromBase64String((string)json["immutableId"]!).Length);
    }

    [Fact]
    public async Task Show_as_text_lists_the_fields()
    {
        await _cli.RunAsync("user", "add", "carol@contoso.com", "--display-name", "Carol");

        var text = (await _cli.RunAsync("user", "show", "carol@contoso.com")).Succeeded().Stdout;

        Assert.Contains("UserPrincipalName: carol@contoso.com", text, StringComparison.Ordinal);
        Assert.Matches(@"Password:\s+not set", text);
        Assert.Matches(@"Enabled:\s+yes", text);
    }

    [Fact]
    public async Task List_prints_a_table_and_json()
    {
        await _cli.RunAsync("user", "add", "dave@contoso.com", "--role", "ops");
        await _cli.RunAsync("user", "add", "erin@fabrikam.com");

        var table = (await _cli.RunAsync("user", "list")).Succeeded().Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var json = (await _cli.RunAsync("user", "list", "--json")).Succeeded().Json.AsArray();

        Assert.StartsWith("UPN", table[0], StringComparison.Ordinal);
        Assert.Contains(table, l => l.StartsWith("dave@contoso.com", StringComparison.Ordinal) && l.EndsWith("ops", StringComparison.Ordinal));
        Assert.Equal(["dave@contoso.com", "erin@fabrikam.com"], json.Select(u => (string?)u!["userPrincipalName"]));
        Assert.All(json, u => Assert.Null(u!["passwordHash"]));
    }

    [Fact]
    public async Task Add_refusals_name_the_reason()
    {
        await _cli.RunAsync("user", "add", "frank@contoso.com", "--immutable-id", "ZnJhbms");

        (await _cli.RunAsync("user", "add", "FRANK@contoso.com")).FailedWith(1, "already exists");
        (await _cli.RunAsync("user", "add", "frank@example.org")).FailedWith(1, "not one of the configured federated domains");
        (await _cli.RunAsync("user", "add", "gina@contoso.com", "--immutable-id", "bad_id")).FailedWith(1, "ImmutableID must not contain '_'");
        (await _cli.RunAsync("user", "add", "gina@contoso.com", "--immutable-id", "ZnJhbms")).FailedWith(1, "already used");
        (await _cli.RunAsync("user", "add", "not-a-upn")).FailedWith(1, "exactly one '@'");
        (await _cli.RunAsync("user", "add", "gina@contoso.com", "--usage-location", "Germany")).FailedWith(1, "two-letter");
        (await _cli.RunWithStdinAsync("", "user", "add", "gina@contoso.com", "--password-stdin")).FailedWith(1, "No password on standard input");
        (await _cli.RunWithStdinAsync("\n", "user", "add", "gina@contoso.com", "--password-stdin")).FailedWith(1, "No password on standard input");
        (await _cli.RunAsync("user", "show", "gina@contoso.com")).FailedWith(1, "does not exist");
    }

    [Fact]
    public async Task Set_password_replaces_the_hash()
    {
        (await _cli.RunWithStdinAsync("first pass phrase 1\n", "user", "add", "hank@contoso.com", "--password-stdin")).Succeeded();

        var result = (await _cli.RunWithStdinAsync("second pass phrase 2\n", "user", "set-password", "HANK@contoso.com", "--password-stdin")).Succeeded();

        Assert.DoesNotContain("second pass", result.Stdout, StringComparison.Ordinal);
        Assert.Equal(PasswordVerificationResult.Success, await VerifyStoredPasswordAsync("hank@contoso.com", "second pass phrase 2"));
        Assert.Equal(PasswordVerificationResult.Failed, await VerifyStoredPasswordAsync("hank@contoso.com", "first pass phrase 1"));
        (await _cli.RunWithStdinAsync("x\n", "user", "set-password", "nobody@contoso.com", "--password-stdin")).FailedWith(1, "does not exist");
        (await _cli.RunWithStdinAsync("", "user", "set-password", "hank@contoso.com", "--password-stdin")).FailedWith(1, "No password on standard input");
        (await _cli.RunWithStdinAsync("x\n", "user", "set-password", "hank@contoso.com")).FailedWith(2, "--password-stdin");
    }

    [Fact]
    public async Task Disable_enable_and_delete()
    {
        await _cli.RunAsync("user", "add", "ivy@contoso.com");

        (await _cli.RunAsync("user", "disable", "ivy@contoso.com")).Succeeded();
        Assert.False((bool?)(await _cli.RunAsync("user", "show", "ivy@contoso.com", "--json")).Json["enabled"]);
        (await _cli.RunAsync("user", "enable", "IVY@contoso.com")).Succeeded();
        Assert.True((bool?)(await _cli.RunAsync("user", "show", "ivy@contoso.com", "--json")).Json["enabled"]);
        (await _cli.RunAsync("user", "delete", "ivy@contoso.com")).Succeeded();

        (await _cli.RunAsync("user", "show", "ivy@contoso.com")).FailedWith(1, "does not exist");
        (await _cli.RunAsync("user", "delete", "ivy@contoso.com")).FailedWith(1, "does not exist");
        (await _cli.RunAsync("user", "disable", "ivy@contoso.com")).FailedWith(1, "does not exist");
        (await _cli.RunAsync("user", "enable", "ivy@contoso.com")).FailedWith(1, "does not exist");
    }

    private Task<PasswordVerificationResult> VerifyStoredPasswordAsync(string upn, string password) =>
        _cli.WithServicesAsync(async (directory, _, hasher) =>
            hasher.Verify((await directory.FindByUpnAsync(upn))!.PasswordHash!, password));
}
