namespace IdpFederation.Tests.Cli;

[Trait("Kind", "Integration")]
public sealed class RoleCommandTests : IDisposable
{
    private readonly CliTestHost _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Members_are_added_listed_and_removed()
    {
        await _cli.RunAsync("user", "add", "alice@contoso.com");
        await _cli.RunAsync("user", "add", "bob@fabrikam.com");

        (await _cli.RunAsync("role", "add-member", "admins", "alice@contoso.com")).Succeeded();
        (await _cli.RunAsync("role", "add-member", "ADMINS", "BOB@fabrikam.com")).Succeeded();
        var json = (await _cli.RunAsync("role", "list", "--json")).Succeeded().Json.AsArray();
        var table = (await _cli.RunAsync("role", "list")).Succeeded().Stdout;

        var admins = Assert.Single(json)!;
        Assert.Equal("admins", (string?)admins["name"]);
        Assert.Equal(["alice@contoso.com", "bob@fabrikam.com"], admins["members"]!.AsArray().Select(m => (string?)m));
        Assert.Contains("admins  alice@contoso.com, bob@fabrikam.com", table, StringComparison.Ordinal);

        (await _cli.RunAsync("role", "remove-member", "admins", "alice@contoso.com")).Succeeded();
        var after = (await _cli.RunAsync("role", "list", "--json")).Json.AsArray();
        Assert.Equal(["bob@fabrikam.com"], after[0]!["members"]!.AsArray().Select(m => (string?)m));
    }

    [Fact]
    public async Task Membership_errors_name_the_reason()
    {
        await _cli.RunAsync("user", "add", "alice@contoso.com", "--role", "admins");
        await _cli.RunAsync("user", "add", "bob@contoso.com");

        (await _cli.RunAsync("role", "add-member", "admins", "ghost@contoso.com")).FailedWith(1, "'ghost@contoso.com' does not exist");
        (await _cli.RunAsync("role", "remove-member", "admins", "bob@contoso.com")).FailedWith(1, "is not a member of role 'admins'");
        (await _cli.RunAsync("role", "remove-member", "auditors", "alice@contoso.com")).FailedWith(1, "Role 'auditors' does not exist");
        (await _cli.RunAsync("role", "add-member", "bad/role", "alice@contoso.com")).FailedWith(1, "Role name");
        (await _cli.RunAsync("role", "add-member", "two  spaces", "alice@contoso.com")).FailedWith(1, "single spaces");
        (await _cli.RunAsync("role", "add-member", "admins")).FailedWith(2, "Missing required argument <upn>.");
    }
}
