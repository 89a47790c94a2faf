using System.Text.Json.Nodes;
using IdpFederation.Core.Directory;
using IdpFederation.Core.Provisioning;
using IdpFederation.Infrastructure.Configuration;
using IdpFederation.Infrastructure.Persistence;
using IdpFederation.Tests.Provisioning.GraphServer;
using IdpFederation.Tests.Server;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace IdpFederation.Tests.Provisioning.Flows;

/// <summary>
/// Live mode in the real server: directory changes recorded in the outbox reach the Graph test server within seconds,
/// survive a Graph outage and a server restart, and with two instances are pushed by one of them only. The server
/// trusts the test CA the way a deployment trusts a private one: SSL_CERT_FILE.
/// </summary>
[Trait("Kind", "Integration")]
public sealed class LiveProvisioningTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_new_user_and_a_disabled_user_reach_Microsoft_365_within_seconds()
    {
        await using var live = await LiveSetup.StartAsync();
        await using var server = await live.StartServerAsync();

        var user = await live.Directory.CreateAsync(new NewUser { UserPrincipalName = "live1@contoso.com", DisplayName = "Live One", Roles = [ProvisioningHarness.Role] });
        await Eventually(() => live.Graph.FindUser("live1@contoso.com") is { } u && u.OnPremisesImmutableId == user.ImmutableId, server);

        await live.Directory.SetEnabledAsync("live1@contoso.com", false);
        await Eventually(() => live.Graph.FindUser("live1@contoso.com") is { AccountEnabled: false }, server);
        // Live changes are someone's work in progress, not a bulk sync.
        Assert.All(live.Graph.Requests.Where(r => r.IsWrite && r.InBatch), r => Assert.Equal("Normal", r.ThrottlePriority, ignoreCase: true));
    }

    [Fact]
    public async Task Changes_made_during_a_Graph_outage_and_a_restart_are_sent_once_when_Graph_is_back()
    {
        await using var live = await LiveSetup.StartAsync();
        live.Graph.SetDown(true);
        var first = await live.StartServerAsync();
        for (var i = 0; i < 3; i++)
        {
            await live.Directory.CreateAsync(new NewUser { UserPrincipalName = $"outage{i}@contoso.com", Roles = [ProvisioningHarness.Role] });
        }

        // The server has tried and deferred every change at least once.
        await Eventually(async () => (await live.Outbox.ListDueAsync(100, DateTimeOffset.MaxValue)).Count(e => e.Attempts > 0) == 3, first);
        await first.DisposeAsync();
        Assert.Equal(3, await live.Outbox.CountAsync());

        live.Graph.SetDown(false);
        await using var second = await live.StartServerAsync();
        await Eventually(async () => await live.Outbox.CountAsync() == 0 && live.Graph.Users.Count == 3, second);
        Assert.Equal(3, live.Graph.Requests.Count(r => r.Method == "POST" && r.Path.EndsWith("/users", StringComparison.Ordinal) && r.Status == 201));
        Assert.DoesNotContain(live.Graph.Requests, r => r.Method == "POST" && r.Path.EndsWith("/users", StringComparison.Ordinal) && r.Status == 400);
    }

    [Fact]
    public async Task With_two_instances_one_drains_and_every_change_is_sent_once()
    {
        await using var live = await LiveSetup.StartAsync();
        await using var a = await live.StartServerAsync();
        await using var b = await live.StartServerAsync(TestIdpEnvironment.FreePort());
        await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            live.Directory.CreateAsync(new NewUser { UserPrincipalName = $"pair{i:D2}@contoso.com", Roles = [ProvisioningHarness.Role] })));

        await Eventually(async () => live.Graph.Users.Count == 20 && await live.Outbox.CountAsync() == 0, a);
        var creates = live.Graph.Requests.Where(r => r.Method == "POST" && r.Path.EndsWith("/users", StringComparison.Ordinal)).ToList();
        Assert.Equal(20, creates.Count(r => r.Status == 201));
        Assert.Equal(20, creates.Count);
    }

    private static async Task Eventually(Func<bool> condition, IdpServerProcess server) => await Eventually(() => Task.FromResult(condition()), server);

    private static async Task Eventually(Func<Task<bool>> condition, IdpServerProcess server)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Not reached within {Patience.TotalSeconds} s. Server output:\n{server.Output}");
            await Task.Delay(100);
        }
    }

    /// <summary>The Graph test server, a server config with one live tenant, and the same directory in-process.</summary>
    private sealed class LiveSetup : IAsyncDisposable
    {
        private readonly ServiceProvider _services;

        private LiveSetup(GraphTestServer graph, TestIdpEnvironment environment, ServiceProvider services)
        {
            Graph = graph;
            Environment = environment;
            _services = services;
        }

        public GraphTestServer Graph { get; }
        public TestIdpEnvironment Environment { get; }
        public IUserDirectory Directory => _services.GetRequiredService<IUserDirectory>();
        public IProvisioningOutbox Outbox => _services.GetRequiredService<IProvisioningOutbox>();

        public static async Task<LiveSetup> StartAsync()
        {
            var graph = await GraphTestServer.StartAsync(new GraphTestServerOptions
            {
                Skus = [new GraphTestSku(ProvisioningHarness.E3, "ENTERPRISEPACK", 100)],
                Apps = [new GraphTestApp(ProvisioningHarness.ClientId, ProvisioningHarness.AllRoles) { Secret = ProvisioningHarness.Secret }],
            });
            graph.Options.GraphResource = new Uri(graph.BaseUrl).GetLeftPart(UriPartial.Authority);
            var environment = new TestIdpEnvironment(config => config["Idp"]!["Provisioning"] = new JsonObject
            {
                ["Tenants"] = new JsonArray(new JsonObject
                {
                    ["Name"] = "contoso",
                    ["TenantId"] = graph.TenantId.ToString(),
                    ["ClientId"] = ProvisioningHarness.ClientId,
                    ["ClientSecretVariable"] = "IDPFED_TEST_GRAPH_SECRET",
                    ["GraphBaseUrl"] = graph.BaseUrl,
                    ["AuthorityHost"] = graph.AuthorityHost,
                    ["DisableInstanceDiscovery"] = true,
                    ["Domains"] = new JsonArray("contoso.com"),
                    ["Roles"] = new JsonArray(new JsonObject { ["Role"] = ProvisioningHarness.Role, ["Licenses"] = new JsonArray("ENTERPRISEPACK") }),
                    ["Attributes"] = new JsonObject { ["usageLocation"] = "\"AU\"" },
                    ["Deprovisioning"] = new JsonObject { ["UserDisabled"] = "BlockSignIn" },
                    ["LiveMode"] = true,
                    ["FullSyncInterval"] = "00:00:00",
                }),
            });
            var configuration = new ConfigurationBuilder().AddJsonFile(Path.Combine(environment.ConfigDirectory, IdpPaths.MainConfigFile)).Build();
            var services = new ServiceCollection();
            services.AddIdpOptions(configuration, environment.ConfigDirectory);
            services.AddIdpDirectory();
            var provider = services.BuildServiceProvider(validateScopes: true);
            await provider.GetRequiredService<DirectoryDatabaseInitializer>().MigrateAsync(CancellationToken.None);
            return new LiveSetup(graph, environment, provider);
        }

        public Task<IdpServerProcess> StartServerAsync(int? port = null) => IdpServerProcess.StartAsync(Environment, "Development",
            new Dictionary<string, string>
            {
                ["SSL_CERT_FILE"] = Graph.CaPemPath,
                ["IDPFED_TEST_GRAPH_SECRET"] = ProvisioningHarness.Secret,
            },
            baseUrl: port is null ? null : $"http://127.0.0.1:{port}");

        public async ValueTask DisposeAsync()
        {
            await _services.DisposeAsync();
            await Graph.DisposeAsync();
            SqliteConnection.ClearAllPools();
            Environment.Dispose();
        }
    }
}
