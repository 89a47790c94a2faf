using System.Text.Json;
using System.Text.Json.Nodes;
using IdpFederation.Cli;
using IdpFederation.Core.Auditing;
using IdpFederation.Core.Directory;
using IdpFederation.Core.Passwords;
using IdpFederation.Infrastructure.Configuration;
using IdpFederation.Infrastructure.Persistence;
using IdpFederation.Tests.Directory;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace IdpFederation.Tests.Cli;

/// <summary>
/// A temp config directory (idpfederation.json for contoso.com and fabrikam.com) and data directory, with the CLI run
/// in-process against the real SQLite file there.
/// </summary>
public sealed class CliTestHost : IDisposable
{
    public CliTestHost(Action<JsonObject>? configure = null)
    {
        Root = System.IO.Directory.CreateTempSubdirectory("idpfed-cli-").FullName;
        System.IO.Directory.CreateDirectory(ConfigDirectory);
        var idp = new JsonObject
        {
            ["PublicBaseUrl"] = "https://sts.contoso.com",
            [nameof(IdpFederation.Core.Configuration.IdpOptions.DataDirectory)] = "data",
            ["Domains"] = new JsonArray(new JsonObject { ["Name"] = "contoso.com" }, new JsonObject { ["Name"] = "fabrikam.com" }),
            ["PasswordHashing"] = new JsonObject { ["Iterations"] = DirectoryDatabaseFixture.TestIterations },
        };
        configure?.Invoke(idp);
        File.WriteAllText(Path.Combine(ConfigDirectory, IdpPaths.MainConfigFile), new JsonObject { ["Idp"] = idp }.ToJsonString());
    }

    public string Root { get; }

    public string ConfigDirectory => Path.Combine(Root, "config");

    public string DataDirectory => Path.Combine(Root, "data");

    public async Task<CliResult> RunAsync(params string[] args) => await RunWithStdinAsync("", args);

    public async Task<CliResult> RunWithStdinAsync(string stdin, params string[] args) => await RunWithServicesAsync(stdin, null, args);

    /// <param name="configureServices">Changes to the command's services, e.g. a fake Entra for cert status and promote.</param>
    public async Task<CliResult> RunWithServicesAsync(string stdin, Action<IServiceCollection>? configureServices, params string[] args)
    {
        using var input = new StringReader(stdin);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await IdpFedCli.RunAsync(["--config-dir", ConfigDirectory, .. args], input, output, error, configureServices: configureServices);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }

    /// <summary>The same database through the production services, to check what the CLI stored or to seed the audit log.</summary>
    public async Task<T> WithServicesAsync<T>(Func<IUserDirectory, IAuditLog, IPasswordHasher, Task<T>> use)
    {
        var configuration = new ConfigurationBuilder().AddJsonFile(Path.Combine(ConfigDirectory, IdpPaths.MainConfigFile)).Build();
        var services = new ServiceCollection();
        services.AddIdpOptions(configuration, ConfigDirectory);
        services.AddIdpDirectory();
        await using var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<DirectoryDatabaseInitializer>().MigrateAsync(CancellationToken.None);
        return await use(provider.GetRequiredService<IUserDirectory>(), provider.GetRequiredService<IAuditLog>(), provider.GetRequiredService<IPasswordHasher>());
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Leaving a temp folder behind is harmless.
        }
    }
}

public sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public JsonNode Json => JsonNode.Parse(Stdout) ?? throw new JsonException("stdout was JSON null");

    /// <summary>Asserts success with nothing on stderr.</summary>
    public CliResult Succeeded()
    {
        Assert.True(ExitCode == 0, $"exit {ExitCode}; stderr: {Stderr}");
        Assert.Equal("", Stderr);
        return this;
    }

    /// <summary>Asserts the exit code and exactly one stderr line containing <paramref name="reason"/>, with no stack trace.</summary>
    public void FailedWith(int exitCode, string reason)
    {
        Assert.Equal(exitCode, ExitCode);
        var lines = Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"expected one stderr line, got: {Stderr}");
        Assert.Contains(reason, lines[0], StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("   at ", Stderr, StringComparison.Ordinal);
    }
}
