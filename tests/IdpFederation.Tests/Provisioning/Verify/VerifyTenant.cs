using System.Text.Json.Nodes;
using IdpFederation.Cli;
using IdpFederation.Tests.Cli;
using IdpFederation.Tests.Provisioning.GraphServer;

namespace IdpFederation.Tests.Provisioning.Verify;

/// <summary>
/// A Graph test server with one registered app, and a CLI config directory whose tenant "contoso" points at it the way
/// an admin would configure a private authority: GraphBaseUrl and AuthorityHost from the server, instance discovery
/// off, the client secret in a file beside the config. <see cref="RunAsync"/> runs the CLI in-process, trusting the
/// test CA through the GraphClients transport seam.
/// </summary>
internal sealed class VerifyTenant : IAsyncDisposable
{
    public const string ClientId = "6e1b0f55-2c1d-4b7a-9d8e-0f1a2b3c4d5e";
    public const string Secret = "Rk8Q~verify.secret-value-0123456789";

    /// <summary>Everything the configured features need, granted as an admin running our script would.</summary>
    public static readonly string[] AllPermissions = ["User.ReadWrite.All", "Domain.Read.All", "Organization.Read.All", "Domain-InternalFederation.ReadWrite.All"];

    public static readonly Guid E3 = Guid.Parse("05e9a617-0261-4cee-bb44-138d3ef5d965");

    private VerifyTenant(GraphTestServer server, CliTestHost cli)
    {
        Server = server;
        Cli = cli;
    }

    public GraphTestServer Server { get; }

    public CliTestHost Cli { get; }

    public static async Task<VerifyTenant> StartAsync(IReadOnlyList<string>? permissions = null, Action<GraphTestServerOptions>? server = null, Action<JsonObject>? tenant = null)
    {
        var options = new GraphTestServerOptions
        {
            Skus = [new GraphTestSku(E3, "SPE_E3", EnabledUnits: 25)],
            Apps = [new GraphTestApp(ClientId, permissions ?? AllPermissions) { Secret = Secret }],
        };
        server?.Invoke(options);
        var graph = await GraphTestServer.StartAsync(options);
        // Tokens are for the resource the configured GraphBaseUrl names (its origin), as for a national cloud.
        graph.Options.GraphResource = new Uri(graph.BaseUrl).GetLeftPart(UriPartial.Authority);
        var config = new JsonObject
        {
            ["Name"] = "contoso",
            ["TenantId"] = graph.TenantId.ToString(),
            ["ClientId"] = ClientId,
            ["ClientSecretFile"] = "contoso.secret",
            ["GraphBaseUrl"] = graph.BaseUrl,
            ["AuthorityHost"] = graph.AuthorityHost,
            ["DisableInstanceDiscovery"] = true,
            ["Domains"] = new JsonArray("contoso.com"),
            ["Roles"] = new JsonArray(new JsonObject { ["Role"] = "Staff", ["Licenses"] = new JsonArray("SPE_E3") }),
        };
        tenant?.Invoke(config);
        var cli = ProvisionCliHost.With(config);
        await File.WriteAllTextAsync(Path.Combine(cli.ConfigDirectory, "contoso.secret"), Secret + "\n");
        return new VerifyTenant(graph, cli);
    }

    public async Task<CliResult> RunAsync(params string[] args)
    {
        using var input = new StringReader("");
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await IdpFedCli.RunAsync(["--config-dir", Cli.ConfigDirectory, .. args], input, output, error, Server.CreateTrustingHandler);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }

    /// <summary>provision verify --json, as check name to (status, detail).</summary>
    public async Task<(int ExitCode, Dictionary<string, (string Status, string Detail)> Checks, CliResult Raw)> VerifyJsonAsync()
    {
        var result = await RunAsync("provision", "verify", "--json");
        var tenant = result.Json["tenants"]!.AsArray().Single()!;
        Assert.Equal("contoso", (string?)tenant["tenant"]);
        var checks = tenant["checks"]!.AsArray().ToDictionary(c => (string)c!["check"]!, c => ((string)c!["status"]!, (string)c["detail"]!));
        return (result.ExitCode, checks, result);
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        Cli.Dispose();
    }
}
