using System.Text.Json.Nodes;

namespace IdpFederation.Tests.Cli;

/// <summary>Session commands without shared state, or with a Redis that does not answer: one clear line, exit 1.</summary>
[Trait("Kind", "Integration")]
public sealed class SessionCommandFailureTests
{
    [Theory]
    [InlineData("list")]
    [InlineData("revoke")]
    public async Task Without_Redis_configured_session_commands_explain_where_sessions_live(string command)
    {
        using var cli = new CliTestHost();

        (await cli.RunAsync("session", command, "--user", "alice@contoso.com"))
            .FailedWith(1, "Sessions live inside the server process when Idp:State:Redis is not set");
    }

    [Fact]
    public async Task Without_Redis_disable_only_changes_the_directory()
    {
        using var cli = new CliTestHost();
        (await cli.RunAsync("user", "add", "alice@contoso.com")).Succeeded();

        var result = (await cli.RunAsync("user", "disable", "alice@contoso.com")).Succeeded();

        Assert.Equal("alice@contoso.com is disabled.", result.Stdout.Trim());
    }

    [Theory]
    [InlineData("list")]
    [InlineData("revoke")]
    public async Task An_unreachable_Redis_fails_in_one_line(string command)
    {
        // Port 1 on loopback refuses at once.
        using var cli = UnreachableRedis();

        (await cli.RunAsync("session", command, "--user", "alice@contoso.com"))
            .FailedWith(1, "Cannot reach Redis at Idp:State:Redis");
    }

    [Fact]
    public async Task Disable_with_Redis_unreachable_keeps_the_directory_change_and_says_how_to_finish()
    {
        using var cli = UnreachableRedis();
        (await cli.RunAsync("user", "add", "alice@contoso.com")).Succeeded();

        var result = await cli.RunAsync("user", "disable", "alice@contoso.com");

        result.FailedWith(1, "alice@contoso.com is disabled, but their sessions were not ended");
        Assert.Contains("idpfed session revoke --user alice@contoso.com", result.Stderr, StringComparison.Ordinal);
        Assert.False((bool?)(await cli.RunAsync("user", "show", "alice@contoso.com", "--json")).Succeeded().Json["enabled"]);
    }

    [Fact]
    public async Task Directory_commands_do_not_touch_Redis()
    {
        using var cli = UnreachableRedis();

        (await cli.RunAsync("user", "add", "alice@contoso.com")).Succeeded();
        (await cli.RunAsync("user", "list")).Succeeded();
    }

    [Fact]
    public async Task Session_user_option_is_required()
    {
        using var cli = new CliTestHost();

        (await cli.RunAsync("session", "list")).FailedWith(2, "--user");
    }

    private static CliTestHost UnreachableRedis() => new(idp => idp["State"] = new JsonObject
    {
        ["Redis"] = "127.0.0.1:1",
        ["OperationTimeout"] = "00:00:00.200",
    });
}
