using System.Text.Json.Nodes;
using IdpFederation.Tests.Server;

namespace IdpFederation.Tests.Policies;

/// <summary>
/// A real server (child process) that trusts 127.0.0.1 as a reverse proxy, so tests choose the client address with
/// X-Forwarded-For, and that starts with <see cref="InitialPolicy"/> in config/policies.json.
/// </summary>
public class PolicyServerFixture : IAsyncLifetime
{
    public const string Password = IdpServerFixture.Password;
    public const string DenyRuleName = "Block hostile range 7f3a";
    public const string ReportOnlyRuleName = "Trial block of TEST-NET-1";

    public const string InitialPolicy = $$"""
        {
          "networks": {
            "office": ["203.0.113.0/24", "2001:db8:10::/48"],
            "hostile": ["198.51.100.0/24"],
            "trial": ["192.0.2.0/24"]
          },
          "corporateNetworks": ["office"],
          "rules": [
            { "name": "{{DenyRuleName}}", "action": "deny", "conditions": { "ipRanges": ["hostile"] } },
            { "name": "{{ReportOnlyRuleName}}", "mode": "reportOnly", "action": "deny", "conditions": { "ipRanges": ["trial"] } },
            { "name": "MFA for mallory", "action": "requireMfa", "conditions": { "users": ["mallory@contoso.com"] } }
          ]
        }
        """;

    private readonly string _policy;

    public PolicyServerFixture()
        : this(InitialPolicy, trustLoopbackProxy: true)
    {
    }

    /// <param name="configure">Further changes to the server's configuration file.</param>
    protected PolicyServerFixture(string policy, bool trustLoopbackProxy, Action<JsonObject>? configure = null)
    {
        _policy = policy;
        Environment = new TestIdpEnvironment(config =>
        {
            if (trustLoopbackProxy)
            {
                config["Idp"]!["Network"] = new JsonObject { ["TrustedProxies"] = new JsonArray("127.0.0.1/32") };
            }

            configure?.Invoke(config);
        });
    }

    public TestIdpEnvironment Environment { get; }

    public IdpServerProcess Server { get; private set; } = null!;
    public TestDirectory Directory { get; private set; } = null!;

    public string BaseUrl => Environment.BaseUrl;

    public string PolicyPath => Path.Combine(Environment.ConfigDirectory, "policies.json");

    public ForwardedBrowser NewBrowser(string? clientIp) => new(BaseUrl, clientIp);

    /// <summary>Writes the policy file, seeds the users and starts the server; throws with the server's output if it cannot start.</summary>
    public async Task InitializeAsync()
    {
        await File.WriteAllTextAsync(PolicyPath, _policy);
        Directory = await TestDirectory.OpenAsync(Environment);
        foreach (var user in new[] { "alice@contoso.com", "bob@contoso.com", "mallory@contoso.com" })
        {
            await Directory.AddUserAsync(user, Password);
        }

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

        Environment.Dispose();
    }
}

/// <summary>A server started by a test itself, with its own policy file (reload tests edit it).</summary>
public sealed class PolicyServer : PolicyServerFixture
{
    public PolicyServer(string policy, bool trustLoopbackProxy = true, Action<JsonObject>? configure = null)
        : base(policy, trustLoopbackProxy, configure)
    {
    }
}
