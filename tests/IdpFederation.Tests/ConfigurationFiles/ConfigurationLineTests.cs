using System.Text.Json;
using System.Text.Json.Nodes;
using IdpFederation.Core.Configuration;
using IdpFederation.Infrastructure.Configuration;
using IdpFederation.Server.Health;
using IdpFederation.Tests.Cli;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace IdpFederation.Tests.ConfigurationFiles;

/// <summary>
/// An admin's config directory loaded as the server and the CLI load it: a mapping mistake names the file's line and
/// the attribute; a file whose Idp:Provisioning breaks the schema is refused with line and column at start-up and on
/// reload (its values never applied, the last good ones kept, the health check showing why); a setting from an
/// environment variable is named as that variable.
/// </summary>
[Trait("Kind", "Unit")]
public sealed class ConfigurationLineTests : IDisposable
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private readonly string _root = System.IO.Directory.CreateTempSubdirectory("idpfed-lines-").FullName;

    private string ConfigDirectory => Path.Combine(_root, "config");

    private string MainFile => Path.Combine(ConfigDirectory, IdpPaths.MainConfigFile);

    public ConfigurationLineTests() => System.IO.Directory.CreateDirectory(ConfigDirectory);

    [Fact]
    public void A_mapping_expression_error_names_the_file_line_and_the_attribute()
    {
        WriteConfig(Tenant(attributes: new JsonObject { ["displayName"] = "source.displayName", ["usageLocation"] = "Upper(source.usageLocation" }));
        using var host = Host.Open(ConfigDirectory);

        var failure = Assert.Single(Assert.Throws<OptionsValidationException>(() => host.Options).Failures);

        Assert.StartsWith("Idp:Provisioning:Tenants:0:Attributes:usageLocation: ", failure, StringComparison.Ordinal);
        Assert.EndsWith($"({MainFile} line {LineOf("\"usageLocation\"")})", failure, StringComparison.Ordinal);
        Assert.DoesNotContain("Upper(source.usageLocation", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_setting_is_located_at_its_section()
    {
        WriteConfig(Tenant(roles: new JsonArray(new JsonObject { ["Licenses"] = new JsonArray("ENTERPRISEPACK") })));
        using var host = Host.Open(ConfigDirectory);

        var failure = Assert.Single(Assert.Throws<OptionsValidationException>(() => host.Options).Failures);

        Assert.StartsWith("Idp:Provisioning:Tenants:0:Roles:0:Role must name a role.", failure, StringComparison.Ordinal);
        // The role object, the nearest thing to the missing key that the file has.
        Assert.EndsWith($"({MainFile} line {LineOf("\"Licenses\"") - 1})", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("LicenseMode", "\"EveryRole\"", "value must be one of \"AllMappedRoles\", \"FirstMatchingRole\"")]
    [InlineData("MaxParallelBatches", "[ 4 ]", "value must be a whole number")]
    [InlineData("LicenceMode", "\"AllMappedRoles\"", "is not a setting here (check its spelling)")]
    public void A_schema_violation_refuses_the_file_at_start_up_with_line_and_column(string setting, string json, string reason)
    {
        var text = WriteConfig(Tenant()).Replace("\"Name\": \"contoso\",", $"\"Name\": \"contoso\",\n        \"{setting}\": {json},", StringComparison.Ordinal);
        File.WriteAllText(MainFile, text);
        var (line, column) = Position(text, $"\"{setting}\": ");

        using var host = Host.Open(ConfigDirectory);

        var refusal = Assert.Single(host.Errors.All);
        Assert.Equal($"{MainFile}: does not match provisioning.schema.json: line {line}, column {column}: Idp:Provisioning:Tenants:0:{setting}: {reason}", refusal);
        // Nothing of the refused file is applied.
        Assert.Null(host.Configuration["Idp:PublicBaseUrl"]);
    }

    [Fact]
    public void A_schema_violation_on_reload_keeps_the_last_good_file_and_the_health_check_shows_line_and_column()
    {
        WriteConfig(Tenant());
        using var host = Host.Open(ConfigDirectory);
        Assert.Empty(host.Errors.All);
        Assert.Equal("contoso", host.Monitor.CurrentValue.Provisioning.Tenants[0].Name);

        var broken = File.ReadAllText(MainFile)
            .Replace("\"Name\": \"contoso\"", "\"Name\": \"renamed\",\n        \"LicenseMode\": \"EveryRole\"", StringComparison.Ordinal);
        File.WriteAllText(MainFile, broken);
        host.Configuration.Reload();

        var (line, column) = Position(broken, "\"LicenseMode\": ");
        Assert.Equal(
            [$"{MainFile}: does not match provisioning.schema.json: line {line}, column {column}: Idp:Provisioning:Tenants:0:LicenseMode: value must be one of \"AllMappedRoles\", \"FirstMatchingRole\""],
            host.Errors.All);
        Assert.Equal("contoso", host.Configuration["Idp:Provisioning:Tenants:0:Name"]);
        Assert.Equal("contoso", host.Monitor.CurrentValue.Provisioning.Tenants[0].Name);
        var health = host.CheckHealth();
        Assert.Equal(HealthStatus.Degraded, health.Status);
        Assert.Contains($"line {line}, column {column}: Idp:Provisioning:Tenants:0:LicenseMode", health.Description, StringComparison.Ordinal);

        File.WriteAllText(MainFile, broken.Replace("EveryRole", "FirstMatchingRole", StringComparison.Ordinal));
        host.Configuration.Reload();

        Assert.Empty(host.Errors.All);
        Assert.Equal("renamed", host.Monitor.CurrentValue.Provisioning.Tenants[0].Name);
        Assert.Equal(HealthStatus.Healthy, host.CheckHealth().Status);
    }

    [Fact]
    public void A_validation_error_on_reload_names_the_new_line_in_the_health_check()
    {
        WriteConfig(Tenant());
        using var host = Host.Open(ConfigDirectory);
        _ = host.Monitor.CurrentValue;

        var text = WriteConfig(Tenant(attributes: new JsonObject { ["mail"] = "Lower(source.upn) +" }));
        host.Configuration.Reload();

        var health = host.CheckHealth();
        Assert.Equal(HealthStatus.Degraded, health.Status);
        Assert.Contains($"Idp:Provisioning:Tenants:0:Attributes:mail: ", health.Description, StringComparison.Ordinal);
        Assert.Contains($"({MainFile} line {Position(text, "\"mail\"").Line})", health.Description, StringComparison.Ordinal);
        Assert.Equal("contoso", host.Monitor.CurrentValue.Provisioning.Tenants[0].Name);
    }

    [Fact]
    public void A_setting_from_an_environment_variable_is_named_as_that_variable()
    {
        WriteConfig(Tenant());
        // A prefix of this test's own: a variable without one would reach every configuration built in this process.
        var prefix = $"IDPFED_TEST_{Guid.NewGuid():N}_";
        var variable = prefix + "Idp__Provisioning__Tenants__0__Name";
        Environment.SetEnvironmentVariable(variable, "not a name!");
        try
        {
            using var host = Host.Open(ConfigDirectory, builder => builder.AddEnvironmentVariables(prefix));

            var failure = Assert.Single(Assert.Throws<OptionsValidationException>(() => host.Options).Failures);

            Assert.StartsWith("Idp:Provisioning:Tenants:0:Name ", failure, StringComparison.Ordinal);
            Assert.EndsWith($"(environment variable {variable})", failure, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public void Settings_are_located_in_the_last_file_that_sets_them()
    {
        WriteConfig(Tenant());
        var development = Path.Combine(ConfigDirectory, "idpfederation.Development.json");
        File.WriteAllText(development, "{\n  \"Idp\": {\n    \"Provisioning\": { \"Tenants\": [ { \"Name\": \"override\" } ] }\n  }\n}\n");
        using var host = Host.Open(ConfigDirectory);

        Assert.Equal($"{development} line 3", host.Locator.Describe("Idp:Provisioning:Tenants:0:Name"));
        Assert.Equal($"{MainFile} line {LineOf("\"Roles\"")}", host.Locator.Describe("Idp:Provisioning:Tenants:0:Roles"));
        Assert.Null(host.Locator.Describe("Idp:NotSetAnywhere"));
    }

    [Fact]
    public async Task The_cli_refuses_a_mapping_error_with_the_line()
    {
        using var cli = new CliTestHost(idp => idp["Provisioning"] = new JsonObject { ["Tenants"] = new JsonArray(Tenant(attributes: new JsonObject { ["mail"] = "Nope(source.upn)" })) });
        var path = Path.Combine(cli.ConfigDirectory, IdpPaths.MainConfigFile);
        var text = JsonNode.Parse(File.ReadAllText(path))!.ToJsonString(Indented);
        File.WriteAllText(path, text);

        var result = await cli.RunAsync("user", "list");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("Configuration is invalid: Idp:Provisioning:Tenants:0:Attributes:mail: ", result.Stderr, StringComparison.Ordinal);
        Assert.EndsWith($"({path} line {Position(text, "\"mail\"").Line})", result.Stderr.TrimEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_cli_refuses_a_schema_violation_with_line_and_column()
    {
        using var cli = new CliTestHost(idp => idp["Provisioning"] = new JsonObject { ["Tenants"] = new JsonArray(Tenant()) });
        var path = Path.Combine(cli.ConfigDirectory, IdpPaths.MainConfigFile);
        var text = JsonNode.Parse(File.ReadAllText(path))!.ToJsonString(Indented).Replace("\"LiveMode\": false", "\"LiveMode\": \"sometimes\"", StringComparison.Ordinal);
        File.WriteAllText(path, text);
        var (line, column) = Position(text, "\"LiveMode\": ");

        var result = await cli.RunAsync("user", "list");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith($"Configuration file rejected: {path}: does not match provisioning.schema.json: line {line}, column {column}: Idp:Provisioning:Tenants:0:LiveMode: value must match the pattern", result.Stderr, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // Leaving a temp folder behind is harmless.
        }
    }

    private static JsonObject Tenant(JsonObject? attributes = null, JsonArray? roles = null) => new()
    {
        ["Name"] = "contoso",
        ["Domains"] = new JsonArray("contoso.com"),
        ["Roles"] = roles ?? new JsonArray(new JsonObject { ["Role"] = "Staff", ["Licenses"] = new JsonArray("ENTERPRISEPACK") }),
        ["Attributes"] = attributes ?? new JsonObject { ["usageLocation"] = "\"AU\"" },
        ["LiveMode"] = false,
    };

    /// <summary>Writes an indented idpfederation.json with this tenant, as an admin would keep it; returns the text.</summary>
    private string WriteConfig(JsonObject tenant)
    {
        var config = new JsonObject
        {
            ["Idp"] = new JsonObject
            {
                ["PublicBaseUrl"] = "https://sts.contoso.com",
                ["DataDirectory"] = Path.Combine(_root, "data"),
                ["Domains"] = new JsonArray(new JsonObject { ["Name"] = "contoso.com" }),
                ["Provisioning"] = new JsonObject { ["Tenants"] = new JsonArray(tenant) },
            },
        };
        var text = config.ToJsonString(Indented).Replace("\r\n", "\n", StringComparison.Ordinal);
        File.WriteAllText(MainFile, text);
        return text;
    }

    private int LineOf(string fragment) => Position(File.ReadAllText(MainFile), fragment).Line;

    /// <summary>Line and column (from 1) just after the first <paramref name="fragment"/>: where its value starts.</summary>
    private static (int Line, int Column) Position(string text, string fragment)
    {
        var index = text.IndexOf(fragment, StringComparison.Ordinal);
        Assert.True(index >= 0, $"'{fragment}' is not in the file");
        var before = text[..index];
        var lineStart = before.LastIndexOf('\n') + 1;
        return (before.Count(c => c == '\n') + 1, index - lineStart + fragment.Length + 1);
    }

    /// <summary>The configuration and options services the server and the CLI build, without anything that listens.</summary>
    private sealed class Host : IDisposable
    {
        private readonly ServiceProvider _services;

        private Host(ConfigurationRoot configuration, ConfigurationFileErrors errors, ServiceProvider services)
        {
            Configuration = configuration;
            Errors = errors;
            _services = services;
        }

        public ConfigurationRoot Configuration { get; }

        public ConfigurationFileErrors Errors { get; }

        public IdpOptions Options => _services.GetRequiredService<IOptions<IdpOptions>>().Value;

        public IOptionsMonitor<IdpOptions> Monitor => _services.GetRequiredService<IOptionsMonitor<IdpOptions>>();

        public ConfigurationKeyLocator Locator => _services.GetRequiredService<ConfigurationKeyLocator>();

        public static Host Open(string configDirectory, Action<IConfigurationBuilder>? addMore = null)
        {
            var errors = new ConfigurationFileErrors();
            var builder = new ConfigurationBuilder().AddIdpConfigurationFiles(configDirectory, "Development", errors, reloadOnChange: false);
            addMore?.Invoke(builder);
            var configuration = (ConfigurationRoot)builder.Build();
            var services = new ServiceCollection().AddLogging();
            services.AddIdpOptions(configuration, configDirectory);
            return new Host(configuration, errors, services.BuildServiceProvider());
        }

        public HealthCheckResult CheckHealth() =>
            new ConfigurationHealthCheck(Errors, Monitor, _services.GetRequiredService<LastGoodOptionsFactory<IdpOptions>>())
                .CheckHealthAsync(new HealthCheckContext()).GetAwaiter().GetResult();

        public void Dispose()
        {
            _services.Dispose();
            Configuration.Dispose();
        }
    }
}
