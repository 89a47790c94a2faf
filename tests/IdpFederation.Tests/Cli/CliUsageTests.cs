namespace IdpFederation.Tests.Cli;

[Trait("Kind", "Integration")]
public sealed class CliUsageTests : IDisposable
{
    private readonly CliTestHost _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Help_lists_the_command_groups()
    {
        var help = (await _cli.RunAsync("--help")).Succeeded().Stdout;

        Assert.All(new[] { "user", "role", "cert", "audit", "--config-dir" }, word => Assert.Contains(word, help, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Usage_errors_exit_2_with_one_line()
    {
        (await _cli.RunAsync("usr")).FailedWith(2, "'usr'");
        (await _cli.RunAsync("user", "frob")).FailedWith(2, "'frob'");
        (await _cli.RunAsync("user", "add")).FailedWith(2, "Missing required argument <upn>.");
        (await _cli.RunAsync("user", "add", "a@contoso.com", "--bogus")).FailedWith(2, "'--bogus'");
    }

    [Fact]
    public async Task Missing_configuration_is_refused()
    {
        var empty = Path.Combine(_cli.Root, "nowhere");

        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await IdpFederation.Cli.IdpFedCli.RunAsync(["--config-dir", empty, "user", "list"], TextReader.Null, output, error);

        new CliResult(code, output.ToString(), error.ToString()).FailedWith(1, "No idpfederation.json");
        Assert.False(System.IO.Directory.Exists(Path.Combine(_cli.Root, "data")));
    }

    [Fact]
    public async Task Invalid_configuration_is_named_in_one_line()
    {
        using var cli = new CliTestHost(idp => idp["PasswordHashing"]!["Iterations"] = 1000);

        (await cli.RunAsync("user", "list")).FailedWith(1, "Configuration is invalid: Idp:PasswordHashing:Iterations 1000");
    }

    [Fact]
    public async Task Malformed_configuration_file_is_named_in_one_line()
    {
        await File.WriteAllTextAsync(Path.Combine(_cli.ConfigDirectory, "idpfederation.json"), "{ \"Idp\": { \"Domains\": [ }");

        (await _cli.RunAsync("user", "list")).FailedWith(1, "is not valid JSON at line 1");
    }

    [Fact]
    public async Task Commands_share_the_database_in_the_configured_data_directory()
    {
        (await _cli.RunAsync("user", "add", "zed@contoso.com")).Succeeded();

        Assert.True(File.Exists(Path.Combine(_cli.DataDirectory, "idpfederation.db")));
        Assert.Single((await _cli.RunAsync("user", "list", "--json")).Json.AsArray());
    }
}
