using IdpFederation.Core.Configuration;
using IdpFederation.Core.Directory;
using IdpFederation.Core.Provisioning;
using IdpFederation.Infrastructure.Configuration;
using IdpFederation.Infrastructure.Persistence;
using IdpFederation.Infrastructure.Provisioning;
using IdpFederation.Infrastructure.Provisioning.Graph;
using IdpFederation.Tests.Directory;
using IdpFederation.Tests.Provisioning.GraphServer;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IdpFederation.Tests.Provisioning.Flows;

/// <summary>
/// A Graph test server with one registered app, and an IdP directory (SQLite in a temp folder) wired through the
/// production registrations (AddIdpOptions, AddIdpDirectory, AddIdpProvisioning) with one tenant configured against it.
/// Only the TLS trust differs from production: in-process, the test CA is trusted through GraphClients.Transport.
/// </summary>
public sealed class ProvisioningHarness : IAsyncDisposable
{
    public const string ClientId = "6f1c8e55-3a43-4c7a-9a52-2f3b7c2e9d10";
    public const string Secret = "test-secret-value-1";
    public const string Role = "Microsoft 365 Users";
    public static readonly Guid E3 = Guid.Parse("6fd2c87f-b296-42f0-b197-1e91e994b900");
    public static readonly Guid E5 = Guid.Parse("c7df2760-2c81-4ef7-b578-5b5392b571df");

    public static readonly string[] AllRoles = ["User.ReadWrite.All", "Group.ReadWrite.All", "Domain.Read.All", "Organization.Read.All", "Directory.Read.All"];

    private readonly ServiceProvider _services;

    private ProvisioningHarness(GraphTestServer graph, ServiceProvider services, string root)
    {
        Graph = graph;
        _services = services;
        Root = root;
    }

    public GraphTestServer Graph { get; }

    public string Root { get; }

    public IServiceProvider Services => _services;

    public IUserDirectory Directory => _services.GetRequiredService<IUserDirectory>();

    public ProvisioningRunner Runner => _services.GetRequiredService<ProvisioningRunner>();

    public IProvisioningRunStore Runs => _services.GetRequiredService<IProvisioningRunStore>();

    public IProvisionedUserLedger Ledger => _services.GetRequiredService<IProvisionedUserLedger>();

    public ProvisioningTenantOptions Tenant => _services.GetRequiredService<IOptions<IdpOptions>>().Value.Provisioning.Tenants[0];

    /// <param name="settings">Extra Idp:Provisioning:Tenants:0:* settings (key without that prefix).</param>
    public static async Task<ProvisioningHarness> StartAsync(Action<GraphTestServerOptions>? graph = null, IReadOnlyDictionary<string, string?>? settings = null,
        TimeProvider? time = null)
    {
        var options = new GraphTestServerOptions
        {
            Skus = [new GraphTestSku(E3, "ENTERPRISEPACK", 1000), new GraphTestSku(E5, "ENTERPRISEPREMIUM", 1000)],
            Apps = [new GraphTestApp(ClientId, AllRoles) { Secret = Secret }],
        };
        graph?.Invoke(options);
        var server = await GraphTestServer.StartAsync(options);
        // Tokens are asked for "{Graph endpoint}/.default", as for every national cloud; here the endpoint is the test server.
        server.Options.GraphResource = new Uri(server.BaseUrl).GetLeftPart(UriPartial.Authority);
        var root = System.IO.Directory.CreateTempSubdirectory("idpfed-prov-").FullName;
        var values = DirectoryDatabaseFixture.BaseSettings(Path.Combine(root, "data"), null);
        var tenant = new Dictionary<string, string?>
        {
            ["Name"] = "contoso",
            ["TenantId"] = server.TenantId.ToString(),
            ["ClientId"] = ClientId,
            ["ClientSecretVariable"] = "IDPFED_TEST_GRAPH_SECRET",
            ["GraphBaseUrl"] = server.BaseUrl,
            ["AuthorityHost"] = server.AuthorityHost,
            ["DisableInstanceDiscovery"] = "true",
            ["Domains:0"] = "contoso.com",
            ["InitialDomain"] = "contoso.onmicrosoft.com",
            ["Roles:0:Role"] = Role,
            ["Roles:0:Licenses:0"] = "ENTERPRISEPACK",
            ["Attributes:usageLocation"] = "Default(source.usageLocation, \"AU\")",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            tenant[key] = value;
        }

        foreach (var (key, value) in tenant)
        {
            values[$"Idp:Provisioning:Tenants:0:{key}"] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        var paths = services.AddIdpOptions(configuration, Path.Combine(root, "config"));
        services.AddSingleton(time ?? TimeProvider.System);
        services.AddIdpDirectory();
        services.AddSingleton(sp => new GraphClients(paths, sp.GetRequiredService<TimeProvider>(), name => name == "IDPFED_TEST_GRAPH_SECRET" ? Secret : null)
        {
            Transport = server.CreateTrustingHandler,
            RetryBaseDelay = TimeSpan.FromMilliseconds(20),
        });
        services.AddIdpProvisioning();
        var provider = services.BuildServiceProvider(validateScopes: true);
        await provider.GetRequiredService<DirectoryDatabaseInitializer>().MigrateAsync(CancellationToken.None);
        return new ProvisioningHarness(server, provider, root);
    }

    /// <summary>A directory user in the provisioning role (unless <paramref name="roles"/> says otherwise).</summary>
    public async Task<IdpFederation.Core.Directory.DirectoryUser> AddUserAsync(string upn, string? displayName = null, string? usageLocation = null, params string[] roles)
    {
        var user = await Directory.CreateAsync(new NewUser
        {
            UserPrincipalName = upn,
            DisplayName = displayName ?? upn.Split('@')[0],
            UsageLocation = usageLocation,
            Roles = roles.Length == 0 ? [Role] : roles,
        });
        return user;
    }

    public Task<RunResult> RunAsync(bool dryRun = false, bool force = false) =>
        Runner.RunAsync(Tenant, RunTrigger.Manual, dryRun, force);

    /// <summary>Fails with the run's message and every failed operation, so a red test says what Graph answered.</summary>
    public static void AssertSucceeded(RunResult result) => Assert.True(result.Status == RunStatus.Succeeded,
        $"{result.Status}: {result.Message}\n" + string.Join("\n", result.Results.Where(r => !r.Succeeded)
            .Select(r => $"{r.Operation.GetType().Name} {r.Operation.UserPrincipalName}: {r.ErrorCode} {r.ErrorMessage}")));

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await Graph.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }
}
