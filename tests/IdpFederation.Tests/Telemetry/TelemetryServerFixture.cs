using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using IdpFederation.Tests.Policies;
using IdpFederation.Tests.Server;

namespace IdpFederation.Tests.Telemetry;

/// <summary>
/// A real server (child process) with a management listener, pushing spans and metrics over OTLP/HTTP to an
/// <see cref="OtlpReceiver"/>, trusting 127.0.0.1 as a proxy so sign-ins come from a chosen address, and with a
/// report-only policy rule that matches that address (so a rule label is exported).
/// </summary>
public sealed partial class TelemetryServerFixture : IAsyncLifetime
{
    public const string Password = IdpServerFixture.Password;
    public const string ClientIp = "203.0.113.77";
    public const string RuleName = "Trial block of TEST-NET-3";

    private static readonly string Policy = $$"""
        {
          "networks": { "trial": ["203.0.113.0/24"] },
          "rules": [ { "name": "{{RuleName}}", "mode": "reportOnly", "action": "deny", "conditions": { "ipRanges": ["trial"] } } ]
        }
        """;

    public TelemetryServerFixture()
    {
        Otlp = new OtlpReceiver();
        Environment = new TestIdpEnvironment(config =>
        {
            config["Idp"]!["Network"] = new JsonObject { ["TrustedProxies"] = new JsonArray("127.0.0.1/32") };
            config["Idp"]!["Telemetry"] = new JsonObject { ["OtlpEndpoint"] = Otlp.Url, ["OtlpProtocol"] = "http/protobuf" };
            // The SDK reads its standard settings from configuration too: export spans and metrics within a second,
            // not after the 5 s and 60 s defaults.
            config["OTEL_BSP_SCHEDULE_DELAY"] = "200";
            config["OTEL_METRIC_EXPORT_INTERVAL"] = "1000";
        });
    }

    public OtlpReceiver Otlp { get; }
    public TestIdpEnvironment Environment { get; }
    public IdpServerProcess Server { get; private set; } = null!;
    public TestDirectory Directory { get; private set; } = null!;

    public ForwardedBrowser NewBrowser() => new(Environment.BaseUrl, ClientIp);

    /// <summary>A sign-in URL for <paramref name="username"/> and the client-request-id it carries.</summary>
    public static (string Url, string ClientRequestId) SignInUrl(string username)
    {
        var url = WsFederationClient.SignInUrl("ctx", username);
        return (url, ClientRequestIdParameter().Match(url).Groups[1].Value);
    }

    public async Task InitializeAsync()
    {
        await File.WriteAllTextAsync(Path.Combine(Environment.ConfigDirectory, "policies.json"), Policy);
        Directory = await TestDirectory.OpenAsync(Environment);
        await Directory.AddUserAsync("alice@contoso.com", Password);
        await Directory.AddUserAsync("mallory@contoso.com", Password);
        Server = await IdpServerProcess.StartAsync(Environment);
    }

    public async Task DisposeAsync()
    {
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }

        if (Directory is not null)
        {
            await Directory.DisposeAsync();
        }

        Otlp.Dispose();
        Environment.Dispose();
    }

    [GeneratedRegex("client-request-id=([0-9a-f-]{36})")]
    private static partial Regex ClientRequestIdParameter();
}
