using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using IdpFederation.Core.RelyingParties;
using IdpFederation.Tests.Server;

namespace IdpFederation.Tests.DevelopmentTools;

/// <summary>
/// Where the test relying party must not exist, against the real server: in Production the realm is unknown and the
/// page is not routed; switching it on outside Development stops start-up (exit 1, one line); Development can opt out.
/// </summary>
[Trait("Kind", "Integration")]
public sealed class TestRelyingPartyAvailabilityTests
{
    private static string Reason(string environment) =>
        $"Idp:Development:TestRelyingParty is true, but the environment is '{environment}': the development test relying party can be " +
        "switched on only when ASPNETCORE_ENVIRONMENT is Development. Remove the setting (it is off by default outside Development).";

    /// <summary>Production makes no development certificate, so it gets a configured one.</summary>
    private static TestIdpEnvironment ProductionEnvironment(bool? testRelyingParty = null)
    {
        var environment = new TestIdpEnvironment(config =>
        {
            config["Idp"]!["Signing"] = new JsonObject { ["Current"] = new JsonObject { ["Path"] = "signing.pfx" } };
            if (testRelyingParty is { } value)
            {
                config["Idp"]!["Development"] = new JsonObject { ["TestRelyingParty"] = value };
            }
        });
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=IdpFederation Production Test", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        File.WriteAllBytes(Path.Combine(environment.ConfigDirectory, "signing.pfx"), certificate.Export(X509ContentType.Pkcs12));
        return environment;
    }

    private static async Task AssertRealmUnknownAndPageAbsentAsync(string baseUrl)
    {
        using var browser = new BrowserClient(baseUrl);
        var signIn = await browser.GetAsync(WsFederationClient.SignInUrl("demo", "alice@contoso.com", realm: DevelopmentTestRelyingParty.Realm), followRedirects: false);
        Assert.Equal(HttpStatusCode.BadRequest, signIn.Status);
        Assert.Equal("IDPF1003", signIn.Text("#error-code"));

        foreach (var path in new[] { "/dev/test-rp/", "/dev/test-rp", "/Dev/Test-Rp/", "/Dev/TestRelyingParty" })
        {
            var get = await browser.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, get.Status);
            Assert.Equal("IDPF1404", get.Text("#error-code"));
            var post = await browser.PostFormAsync(path, new Dictionary<string, string> { ["wa"] = "wsignin1.0", ["wresult"] = "<x/>" });
            Assert.Equal(HttpStatusCode.NotFound, post.Status);
            Assert.Null(post.Document.QuerySelector("#signature"));
        }

        // The server itself works: Microsoft 365's realm still gets the login page.
        var microsoft = await browser.GetAsync(WsFederationClient.SignInUrl());
        Assert.NotNull(microsoft.Document.QuerySelector("input[name='Password']"));
    }

    [Fact]
    public async Task In_production_the_realm_is_refused_and_the_page_is_404()
    {
        using var environment = ProductionEnvironment();
        await using var server = await IdpServerProcess.StartAsync(environment, "Production");

        await AssertRealmUnknownAndPageAbsentAsync(environment.BaseUrl);
        Assert.DoesNotContain(DevelopmentTestRelyingParty.Realm, server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task In_production_explicitly_off_is_accepted_and_changes_nothing()
    {
        using var environment = ProductionEnvironment(testRelyingParty: false);
        await using var server = await IdpServerProcess.StartAsync(environment, "Production");

        await AssertRealmUnknownAndPageAbsentAsync(environment.BaseUrl);
    }

    [Theory]
    [InlineData("Production", "file")]
    [InlineData("Production", "variable")]
    [InlineData("Staging", "file")]
    public async Task Switched_on_outside_development_start_up_fails_with_exit_1_and_a_one_line_reason(string aspnetEnvironment, string how)
    {
        using var environment = ProductionEnvironment(testRelyingParty: how == "file" ? true : null);
        var variables = how == "variable" ? new Dictionary<string, string> { ["Idp__Development__TestRelyingParty"] = "true" } : null;

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => IdpServerProcess.StartAsync(environment, aspnetEnvironment, variables));

        Assert.StartsWith("Server exited with code 1:", error.Message, StringComparison.Ordinal);
        var lines = error.Message.Split('\n').Skip(1).Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToArray();
        // The reason ends with where the setting is set, so the admin knows which to remove.
        var file = Path.Combine(environment.ConfigDirectory, "idpfederation.json");
        var where = how == "variable"
            ? "environment variable Idp__Development__TestRelyingParty"
            : $"{file} line {Array.FindIndex(File.ReadAllLines(file), l => l.Contains("\"TestRelyingParty\"", StringComparison.Ordinal)) + 1}";
        Assert.Equal([$"IdpFederation cannot start: the configuration is invalid. {Reason(aspnetEnvironment)} ({where})"], lines);
    }

    [Fact]
    public async Task Development_can_switch_it_off()
    {
        using var environment = new TestIdpEnvironment(config =>
            config["Idp"]!["Development"] = new JsonObject { ["TestRelyingParty"] = false });
        await using var server = await IdpServerProcess.StartAsync(environment, "Development");

        await AssertRealmUnknownAndPageAbsentAsync(environment.BaseUrl);
        Assert.DoesNotContain(DevelopmentTestRelyingParty.Realm, server.Output, StringComparison.Ordinal);
    }
}
