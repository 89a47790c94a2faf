using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace IdpFederation.Tests.Server.Startup;

/// <summary>
/// A running server whose config file is saved with a syntax error: one error in the log naming file, line and column,
/// nothing else; the last good configuration keeps serving; /health/ready shows the file as Degraded but stays 200
/// (every node reads the same file, so draining would not help); saving a fixed file applies it and clears the state.
/// </summary>
[Trait("Kind", "Integration")]
public sealed partial class ConfigurationReloadTests
{
    /// <summary>Generous: a reload takes well under a second, but the machine running the suite may be busy.</summary>
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData("idpfederation.json")]
    [InlineData("idpfederation.Development.json")]
    public async Task Broken_json_on_reload_is_one_error_keeps_the_last_good_config_and_degrades_readiness_until_fixed(string name)
    {
        using var environment = new TestIdpEnvironment();
        var path = Path.Combine(environment.ConfigDirectory, name);
        var main = name == "idpfederation.json";
        if (!main)
        {
            await File.WriteAllTextAsync(path, Branding("Contoso Env"));
        }

        var lastGood = main ? "Contoso Test" : "Contoso Env";
        await using var server = await IdpServerProcess.StartAsync(environment);
        using var browser = new BrowserClient(environment.BaseUrl);
        using var health = new HttpClient { BaseAddress = new Uri(environment.ManagementUrl), Timeout = TimeSpan.FromSeconds(30) };
        await WaitForCheckAsync(health, "config", "Healthy");
        Assert.Equal(lastGood, await OrganizationAsync(browser));

        // The organisation name changes before the typo: a half-applied file would show it. Column 56 is the second comma.
        await ReplaceAsync(path, "{\n  \"Idp\": {\n    \"Branding\": { \"OrganizationName\": \"Half Applied\" },,\n  }\n}\n");
        var (status, config) = await WaitForCheckAsync(health, "config", "Degraded");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains($"{path}: not valid JSON at line 3, column 56: ", config, StringComparison.Ordinal);
        Assert.Equal(lastGood, await OrganizationAsync(browser));
        var error = await SingleConfigurationErrorAsync(server, path);
        Assert.Contains($"ConfigurationFileErrors[1002]", error, StringComparison.Ordinal);
        Assert.Contains($"{path} was not applied, its previous contents stay in force: not valid JSON at line 3, column 56: ", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Configuration reload rejected", server.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("reads correctly again", server.Output, StringComparison.Ordinal);

        if (main)
        {
            environment.Idp["Branding"]!["OrganizationName"] = "Fixed Org";
            await ReplaceAsync(path, environment.Config.ToJsonString());
        }
        else
        {
            await ReplaceAsync(path, Branding("Fixed Org"));
        }

        await WaitForCheckAsync(health, "config", "Healthy");
        await WaitUntilAsync(async () => await OrganizationAsync(browser) == "Fixed Org", "the fixed file was not applied");
        var ready = await ReadyAsync(health);
        Assert.Equal((HttpStatusCode.OK, "Healthy"), (ready.Status, ready.Body.GetProperty("status").GetString()));
        await SingleConfigurationErrorAsync(server, path);
        Assert.Single(Regex.Matches(server.Output, Regex.Escape($"Configuration file {path} reads correctly again and is applied")));
    }

    /// <param name="mistake">
    /// "invalid": a value validation refuses. "wrong type": one the binder cannot even convert; before, every reader of
    /// the options threw until the file was fixed.
    /// </param>
    [Theory]
    [InlineData("invalid", "Idp:Branding:PrimaryColor 'red;}' must be a hex colour")]
    [InlineData("wrong type", "Lifetime")]
    public async Task A_refused_setting_on_reload_is_shown_by_the_config_check_until_fixed_and_sign_in_keeps_working(string mistake, string reason)
    {
        using var environment = new TestIdpEnvironment();
        var path = Path.Combine(environment.ConfigDirectory, "idpfederation.json");
        await using var server = await IdpServerProcess.StartAsync(environment);
        using var browser = new BrowserClient(environment.BaseUrl);
        using var health = new HttpClient { BaseAddress = new Uri(environment.ManagementUrl), Timeout = TimeSpan.FromSeconds(30) };
        await WaitForCheckAsync(health, "config", "Healthy");

        environment.Idp["Branding"]!["OrganizationName"] = "Refused Org";
        SetMistake(environment, mistake, fixedValue: false);
        await ReplaceAsync(path, environment.Config.ToJsonString());
        var (status, config) = await WaitForCheckAsync(health, "config", "Degraded");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains(reason, config, StringComparison.Ordinal);
        Assert.Equal("Contoso Test", await OrganizationAsync(browser));
        Assert.Contains("Configuration reload rejected", await SingleConfigurationErrorAsync(server, path), StringComparison.Ordinal);

        SetMistake(environment, mistake, fixedValue: true);
        await ReplaceAsync(path, environment.Config.ToJsonString());
        await WaitForCheckAsync(health, "config", "Healthy");
        await WaitUntilAsync(async () => await OrganizationAsync(browser) == "Refused Org", "the fixed file was not applied");
        await SingleConfigurationErrorAsync(server, path);
    }

    [Fact]
    public async Task A_provisioning_schema_violation_on_reload_names_line_and_column_and_the_last_good_file_stays_in_force()
    {
        using var environment = new TestIdpEnvironment();
        var path = Path.Combine(environment.ConfigDirectory, "idpfederation.json");
        await using var server = await IdpServerProcess.StartAsync(environment);
        using var browser = new BrowserClient(environment.BaseUrl);
        using var health = new HttpClient { BaseAddress = new Uri(environment.ManagementUrl), Timeout = TimeSpan.FromSeconds(30) };
        await WaitForCheckAsync(health, "config", "Healthy");

        // The organisation name changes in the same save: a half-applied file would show it.
        environment.Idp["Branding"]!["OrganizationName"] = "Half Applied";
        environment.Idp["Provisioning"] = new JsonObject
        {
            ["Tenants"] = new JsonArray(new JsonObject
            {
                ["Name"] = "contoso",
                ["Domains"] = new JsonArray("contoso.com"),
                ["Roles"] = new JsonArray(new JsonObject { ["Role"] = "Staff" }),
                ["MaxParallelBatches"] = new JsonArray(4),
            }),
        };
        var text = environment.Config.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
        await ReplaceAsync(path, text);
        var (status, config) = await WaitForCheckAsync(health, "config", "Degraded");

        var lines = text.Split('\n');
        var line = Array.FindIndex(lines, l => l.Contains("\"MaxParallelBatches\"", StringComparison.Ordinal));
        var column = lines[line].IndexOf("\"MaxParallelBatches\": ", StringComparison.Ordinal) + "\"MaxParallelBatches\": ".Length + 1;
        var reason = $"{path}: does not match provisioning.schema.json: line {line + 1}, column {column}: Idp:Provisioning:Tenants:0:MaxParallelBatches: value must be a whole number";
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains(reason, config, StringComparison.Ordinal);
        Assert.Equal("Contoso Test", await OrganizationAsync(browser));
        Assert.Contains(reason.Replace($"{path}: ", $"{path} was not applied, its previous contents stay in force: ", StringComparison.Ordinal),
            await SingleConfigurationErrorAsync(server, path), StringComparison.Ordinal);

        environment.Idp.Remove("Provisioning");
        environment.Idp["Branding"]!["OrganizationName"] = "Fixed Org";
        await ReplaceAsync(path, environment.Config.ToJsonString());
        await WaitForCheckAsync(health, "config", "Healthy");
        await WaitUntilAsync(async () => await OrganizationAsync(browser) == "Fixed Org", "the fixed file was not applied");
    }

    private static void SetMistake(TestIdpEnvironment environment, string mistake, bool fixedValue)
    {
        if (mistake == "invalid")
        {
            environment.Idp["Branding"]!["PrimaryColor"] = fixedValue ? "#654321" : "red;}";
        }
        else
        {
            environment.Idp["Tokens"] = new JsonObject { ["Lifetime"] = fixedValue ? "01:00:00" : "one hour" };
        }
    }

    [Fact]
    public async Task Broken_json_in_the_policy_file_on_reload_names_line_and_column_and_keeps_the_node_in_service()
    {
        using var environment = new TestIdpEnvironment();
        var path = Path.Combine(environment.ConfigDirectory, "policies.json");
        const string Policy = "{ \"rules\": [ { \"name\": \"everyone\", \"action\": \"allow\" } ] }";
        await File.WriteAllTextAsync(path, Policy);
        await using var server = await IdpServerProcess.StartAsync(environment);
        using var health = new HttpClient { BaseAddress = new Uri(environment.ManagementUrl), Timeout = TimeSpan.FromSeconds(30) };
        await WaitForCheckAsync(health, "policy", "Healthy");

        await ReplaceAsync(path, "{\n  \"rules\": [\n    { \"name\": \"r\", \"action\": \"deny\" },,\n  ]\n}\n");
        var (status, policy) = await WaitForCheckAsync(health, "policy", "Degraded");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("previous policy in force", policy, StringComparison.Ordinal);
        Assert.Contains($"{path}: $.rules", policy, StringComparison.Ordinal);
        Assert.Contains("(line 3, column 39)", policy, StringComparison.Ordinal);
        var error = await SingleConfigurationErrorAsync(server, path);
        Assert.Contains("(line 3, column 39)", error, StringComparison.Ordinal);

        await ReplaceAsync(path, Policy);
        var (fixedStatus, _) = await WaitForCheckAsync(health, "policy", "Healthy");
        Assert.Equal(HttpStatusCode.OK, fixedStatus);
        await SingleConfigurationErrorAsync(server, path);
    }

    private static string Branding(string organization) =>
        new JsonObject { ["Idp"] = new JsonObject { ["Branding"] = new JsonObject { ["OrganizationName"] = organization } } }.ToJsonString();

    /// <summary>
    /// Saves the file the way editors and configuration tools commonly do, a new file renamed over the old, so the
    /// server never reads it half-written and one save is one change.
    /// </summary>
    private static async Task ReplaceAsync(string path, string content)
    {
        var temporary = path + ".tmp";
        await File.WriteAllTextAsync(temporary, content);
        File.Move(temporary, path, overwrite: true);
    }

    private static async Task<string?> OrganizationAsync(BrowserClient browser) =>
        (await browser.GetAsync(WsFederationClient.SignInUrl())).Text(".brand .org");

    /// <summary>
    /// The one error (or critical) entry about configuration: from the configuration or policy loaders, or naming the
    /// file. Errors about anything else, such as a health probe timing out on a busy machine, are not this test's business.
    /// </summary>
    /// <remarks>
    /// The log line travels through the console logger's queue and a pipe after the health check already shows the
    /// refusal, so this waits for it to arrive before counting.
    /// </remarks>
    private static async Task<string> SingleConfigurationErrorAsync(IdpServerProcess server, string file)
    {
        string[] Errors() => LoggedError().Matches(server.Output).Select(m => m.Value)
            .Where(e => e.Contains("IdpFederation.Infrastructure.Configuration.", StringComparison.Ordinal)
                || e.Contains("IdpFederation.Infrastructure.Policies.", StringComparison.Ordinal)
                || e.Contains(file, StringComparison.Ordinal))
            .ToArray();
        await WaitUntilAsync(() => Task.FromResult(Errors().Length > 0), "no configuration error was logged");
        var errors = Errors();
        Assert.True(errors.Length == 1, $"expected exactly one logged error about the configuration, got {errors.Length}:\n{server.Output}");
        return errors[0];
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> ReadyAsync(HttpClient health)
    {
        using var response = await health.GetAsync("/health/ready");
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, document.RootElement.Clone());
    }

    /// <summary>
    /// Polls /health/ready until <paramref name="check"/> has <paramref name="status"/> and every other check is
    /// Healthy (a first probe may overrun on a busy machine), so the HTTP status returned is the check's own doing;
    /// returns it with the check's description.
    /// </summary>
    private static async Task<(HttpStatusCode Status, string Description)> WaitForCheckAsync(HttpClient health, string check, string status)
    {
        var clock = Stopwatch.StartNew();
        string last;
        do
        {
            var ready = await ReadyAsync(health);
            var entry = ready.Body.GetProperty("checks").GetProperty(check);
            var othersHealthy = ready.Body.GetProperty("checks").EnumerateObject()
                .All(c => c.Name == check || c.Value.GetProperty("status").GetString() == "Healthy");
            if (entry.GetProperty("status").GetString() == status && othersHealthy)
            {
                return (ready.Status, entry.GetProperty("description").GetString() ?? "");
            }

            last = $"{(int)ready.Status} {ready.Body}";
            await Task.Delay(250);
        }
        while (clock.Elapsed < Within);

        throw new Xunit.Sdk.XunitException($"/health/ready did not show {check} {status} within {Within.TotalSeconds} s; last answer: {last}");
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string failure)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > Within)
            {
                throw new Xunit.Sdk.XunitException($"{failure} within {Within.TotalSeconds} s");
            }

            await Task.Delay(250);
        }
    }

    [GeneratedRegex(@"^(?:fail|crit): .*\n.*", RegexOptions.Multiline)]
    private static partial Regex LoggedError();
}
