using System.Net;
using System.Text.Json.Nodes;

namespace IdpFederation.Tests.Server;

[Trait("Kind", "Integration")]
public sealed class ConfigurationTests
{
    [Fact]
    public async Task Invalid_configuration_stops_start_up_with_the_precise_reasons()
    {
        using var environment = new TestIdpEnvironment(config =>
        {
            config["Idp"]!["Domains"] = new JsonArray(new JsonObject { ["Name"] = "not a domain" });
            config["Idp"]!["Branding"]!["PrimaryColor"] = "red;}";
        });
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => IdpServerProcess.StartAsync(environment));
        Assert.Contains("Idp:Domains:0:Name 'not a domain' is not a DNS domain name.", error.Message, StringComparison.Ordinal);
        Assert.Contains("Idp:Branding:PrimaryColor 'red;}' must be a hex colour", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_json_stops_start_up_naming_the_file()
    {
        using var environment = new TestIdpEnvironment();
        await File.WriteAllTextAsync(Path.Combine(environment.ConfigDirectory, "idpfederation.json"), "{ \"Idp\": { ");
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => IdpServerProcess.StartAsync(environment));
        Assert.Contains("idpfederation.json", error.Message, StringComparison.Ordinal);
        Assert.Contains("cannot start", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_reload_keeps_the_last_good_configuration_and_a_good_one_applies_without_restart()
    {
        using var environment = new TestIdpEnvironment();
        await using var server = await IdpServerProcess.StartAsync(environment);
        using var browser = new BrowserClient(environment.BaseUrl);

        environment.Idp["Branding"]!["OrganizationName"] = "Broken Org";
        environment.Idp["Branding"]!["PrimaryColor"] = "url(javascript:x)";
        environment.WriteConfig();
        await WaitUntilAsync(async () => (await ConfigCheckAsync(environment)).StartsWith("Degraded", StringComparison.Ordinal)
            && server.Output.Contains("Configuration reload rejected", StringComparison.Ordinal));
        var page = await browser.GetAsync(WsFederationClient.SignInUrl());
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("Contoso Test", page.Text(".brand .org"));
        Assert.Contains("Configuration reload rejected", server.Output, StringComparison.Ordinal);

        await File.WriteAllTextAsync(Path.Combine(environment.ConfigDirectory, "idpfederation.json"), "{ not json");
        await WaitUntilAsync(async () => (await ConfigCheckAsync(environment)).Contains("not valid JSON", StringComparison.Ordinal));
        page = await browser.GetAsync(WsFederationClient.SignInUrl());
        Assert.Equal("Contoso Test", page.Text(".brand .org"));

        environment.Idp["Branding"]!["PrimaryColor"] = "#654321";
        environment.WriteConfig();
        await WaitUntilAsync(async () => (await browser.GetAsync(WsFederationClient.SignInUrl())).Text(".brand .org") == "Broken Org");
        page = await browser.GetAsync(WsFederationClient.SignInUrl());
        Assert.Contains("--brand: #654321", page.Html, StringComparison.Ordinal);
    }

    /// <summary>The config check's status and description as /health/ready reports them on the management listener (200 or 503 alike).</summary>
    private static async Task<string> ConfigCheckAsync(TestIdpEnvironment environment)
    {
        using var client = new HttpClient { BaseAddress = new Uri(environment.ManagementUrl) };
        using var response = await client.GetAsync("/health/ready");
        var check = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["checks"]!["config"]!;
        return $"{check["status"]} {check["description"]}";
    }

    /// <summary>Polls a condition; the 60 s deadline only bounds a server that never gets there.</summary>
    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "Condition not met within 60 s");
            await Task.Delay(200);
        }
    }
}
