namespace IdpFederation.Tests.Cli;

/// <summary>
/// idpfed with nothing (or a command group alone) shows help; every missing argument and option is named in one
/// line; help marks optional arguments and required options.
/// </summary>
[Trait("Kind", "Integration")]
public sealed class CliHelpAndMissingInputTests : IDisposable
{
    private readonly CliTestHost _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task No_arguments_prints_the_help_and_exits_0()
    {
        var help = (await _cli.RunAsync()).Succeeded().Stdout;

        Assert.Contains("Usage:", help, StringComparison.Ordinal);
        Assert.All(new[] { "user", "role", "cert", "audit", "policy", "session", "mfa", "--config-dir" },
            word => Assert.Contains(word, help, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("user", "set-password")]
    [InlineData("role", "add-member")]
    [InlineData("cert", "show")]
    [InlineData("audit", "list")]
    [InlineData("policy", "validate")]
    [InlineData("session", "revoke")]
    [InlineData("mfa", "recovery-codes")]
    public async Task A_command_group_alone_prints_its_help_and_exits_0(string group, string subcommand)
    {
        var help = (await _cli.RunAsync(group)).Succeeded().Stdout;

        // The usage line starts with the executable's name: idpfed when installed, the test host here.
        Assert.Contains($" {group} [command] [options]", help, StringComparison.Ordinal);
        Assert.Contains(subcommand, help, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Missing required argument <upn>. (see idpfed user add --help)", "user", "add")]
    [InlineData("Missing required argument <upn>. (see idpfed user show --help)", "user", "show")]
    [InlineData("Missing required argument <upn>. (see idpfed user delete --help)", "user", "delete")]
    [InlineData("Missing required argument <upn> and option --password-stdin. (see idpfed user set-password --help)", "user", "set-password")]
    [InlineData("Missing required option --password-stdin. (see idpfed user set-password --help)", "user", "set-password", "alice@contoso.com")]
    [InlineData("Missing required arguments <role>, <upn>. (see idpfed role add-member --help)", "role", "add-member")]
    [InlineData("Missing required arguments <role>, <upn>. (see idpfed role remove-member --help)", "role", "remove-member")]
    [InlineData("Missing required options --user, --ip, --app, --client. (see idpfed policy test --help)", "policy", "test")]
    [InlineData("Missing required option --user. (see idpfed session list --help)", "session", "list")]
    [InlineData("Missing required option --user. (see idpfed session revoke --help)", "session", "revoke")]
    [InlineData("Missing required argument <upn>. (see idpfed mfa reset --help)", "mfa", "reset")]
    public async Task Everything_missing_is_reported_in_one_line_with_exit_2(string expected, params string[] args)
    {
        var result = await _cli.RunAsync(args);

        result.FailedWith(2, expected);
        Assert.Equal(expected, result.Stderr.TrimEnd());
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public async Task A_bad_value_and_the_missing_options_are_reported_together()
    {
        var result = await _cli.RunAsync("policy", "test", "--client", "Browser", "--ip", "nowhere");

        result.FailedWith(2, "Missing required options --user, --app.");
        Assert.Contains("--client 'Browser' must be browser or active.", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("--ip 'nowhere' is not an IPv4 or IPv6 address.", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_option_is_named_first()
    {
        var result = await _cli.RunAsync("policy", "test", "--bogus");

        result.FailedWith(2, "Missing required options --user, --ip, --app, --client.");
        Assert.StartsWith("Unrecognized command or argument '--bogus'.", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_brackets_optional_arguments_and_not_required_ones()
    {
        var validate = (await _cli.RunAsync("policy", "validate", "--help")).Succeeded().Stdout;
        var addMember = (await _cli.RunAsync("role", "add-member", "--help")).Succeeded().Stdout;

        Assert.Contains(" policy validate [<file>] [options]", validate, StringComparison.Ordinal);
        Assert.Contains(" role add-member <role> <upn> [options]", addMember, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "policy", "test" }, new[] { "--user <user> (REQUIRED)", "--ip <ip> (REQUIRED)", "--app <app> (REQUIRED)", "--client <browser|active> (REQUIRED)" }, new[] { "--time", "--country", "--json" })]
    [InlineData(new[] { "session", "list" }, new[] { "--user <user> (REQUIRED)" }, new[] { "--json" })]
    [InlineData(new[] { "session", "revoke" }, new[] { "--user <user> (REQUIRED)" }, new string[0])]
    [InlineData(new[] { "user", "set-password" }, new[] { "--password-stdin (REQUIRED)" }, new string[0])]
    [InlineData(new[] { "user", "add" }, new string[0], new[] { "--display-name", "--password-stdin", "--immutable-id", "--usage-location", "--role" })]
    [InlineData(new[] { "audit", "list" }, new string[0], new[] { "--user", "--since", "--limit", "--json" })]
    public async Task Help_marks_exactly_the_required_options(string[] command, string[] required, string[] optional)
    {
        var lines = (await _cli.RunAsync([.. command, "--help"])).Succeeded().Stdout.Split('\n');

        Assert.All(required, option => Assert.Contains(lines, line => line.TrimStart().StartsWith(option, StringComparison.Ordinal)));
        Assert.All(optional, option => Assert.Contains(lines, line => line.TrimStart().StartsWith(option + " ", StringComparison.Ordinal)));
        Assert.All(optional, option => Assert.DoesNotContain(lines, line => line.TrimStart().StartsWith(option + " ", StringComparison.Ordinal) && line.Contains("(REQUIRED)", StringComparison.Ordinal)));
        Assert.Equal(required.Length, lines.Count(line => line.Contains("(REQUIRED)", StringComparison.Ordinal)));
    }
}
