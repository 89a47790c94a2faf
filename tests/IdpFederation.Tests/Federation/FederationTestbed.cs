using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using IdpFederation.Cli;
using IdpFederation.Infrastructure.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using IdpFederation.Core.Directory;
using IdpFederation.Tests.Cli;
using IdpFederation.Tests.Provisioning.GraphServer;

namespace IdpFederation.Tests.Federation;

/// <summary>
/// A Graph test server holding the tenant, and a CLI config whose tenant "contoso" manages contoso.com through it, the
/// way an admin configures it: secret in a file, private authority, instance discovery off. Our public URL is a real
/// IdP server (<paramref name="publicBaseUrl"/>) so the endpoint checks have something to reach. The signing
/// certificates are made for the test run in the config directory, never committed.
/// </summary>
internal sealed class FederationTestbed : IAsyncDisposable
{
    public const string ClientId = "0c6f3f4e-5d2b-4e8a-9b1c-7d6e5f4a3b2c";
    public const string Secret = "Fed~test.secret-value-0123456789abcdef";
    public const string Admin = "admin@contoso.onmicrosoft.com";

    /// <summary>What the app registration script grants for every configured feature, federation included.</summary>
    public static readonly string[] AllPermissions =
    [
        "User.ReadWrite.All", "Domain.Read.All", "Organization.Read.All", "Domain-InternalFederation.ReadWrite.All",
        "OnPremDirectorySynchronization.ReadWrite.All", "Policy.Read.All", "AuditLog.Read.All", "RoleManagement.Read.Directory",
    ];

    private readonly List<IAsyncDisposable> _disposables = [];

    private FederationTestbed(GraphTestServer graph, CliTestHost cli, X509Certificate2 signing, X509Certificate2 next)
    {
        Graph = graph;
        Cli = cli;
        Signing = signing;
        Next = next;
    }

    public GraphTestServer Graph { get; }

    public CliTestHost Cli { get; }

    /// <summary>Public parts of the certificates the CLI publishes as signingCertificate and nextSigningCertificate.</summary>
    public X509Certificate2 Signing { get; }

    public X509Certificate2 Next { get; }

    public static async Task<FederationTestbed> StartAsync(string publicBaseUrl, Action<GraphTestServerOptions>? server = null,
        Action<JsonObject>? idp = null, IReadOnlyList<string>? permissions = null)
    {
        var options = new GraphTestServerOptions { Apps = [new GraphTestApp(ClientId, permissions ?? AllPermissions) { Secret = Secret }] };
        server?.Invoke(options);
        var graph = await GraphTestServer.StartAsync(options);
        graph.Options.GraphResource = new Uri(graph.BaseUrl).GetLeftPart(UriPartial.Authority);
        var cli = new CliTestHost(config =>
        {
            config["PublicBaseUrl"] = publicBaseUrl;
            config["Signing"] = new JsonObject
            {
                ["Current"] = new JsonObject { ["Path"] = "signing.pfx" },
                ["Next"] = new JsonObject { ["Path"] = "next.pfx" },
            };
            config["Provisioning"] = new JsonObject
            {
                ["Tenants"] = new JsonArray(new JsonObject
                {
                    ["Name"] = "contoso",
                    ["TenantId"] = graph.TenantId.ToString(),
                    ["ClientId"] = ClientId,
                    ["ClientSecretFile"] = "contoso.secret",
                    ["GraphBaseUrl"] = graph.BaseUrl,
                    ["AuthorityHost"] = graph.AuthorityHost,
                    ["DisableInstanceDiscovery"] = true,
                    ["FullSyncInterval"] = "00:00:00",
                    ["Domains"] = new JsonArray("contoso.com", "fabrikam.com"),
                    ["Roles"] = new JsonArray(new JsonObject { ["Role"] = "Staff" }),
                }),
            };
            idp?.Invoke(config);
        });
        await File.WriteAllTextAsync(Path.Combine(cli.ConfigDirectory, "contoso.secret"), Secret + "\n");
        var signing = WriteCertificate(Path.Combine(cli.ConfigDirectory, "signing.pfx"), "current");
        var next = WriteCertificate(Path.Combine(cli.ConfigDirectory, "next.pfx"), "next");
        return new FederationTestbed(graph, cli, signing, next);
    }

    public async Task<CliResult> RunAsync(params string[] args) => await RunWithStdinAsync("", args);

    public async Task<CliResult> RunWithStdinAsync(string stdin, params string[] args)
    {
        using var input = new StringReader(stdin);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await IdpFedCli.RunAsync(["--config-dir", Cli.ConfigDirectory, .. args], input, output, error, Graph.CreateTrustingHandler);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }

    /// <summary>A directory user in the provisioning role "Staff".</summary>
    public Task AddStaffAsync(string upn, string immutableId) => Cli.WithServicesAsync(async (directory, _, _) =>
        await directory.CreateAsync(new NewUser { UserPrincipalName = upn, ImmutableId = immutableId, Roles = ["Staff"] }));

    /// <summary>`federation check --json` as check name to (status, detail), with the exit code.</summary>
    public async Task<(int ExitCode, Dictionary<string, (string Status, string Detail)> Checks)> CheckAsync(string domain = "contoso.com")
    {
        var result = await RunAsync("federation", "check", "--domain", domain, "--json");
        var entry = result.Json["domains"]!.AsArray().Single()!;
        return (result.ExitCode, entry["checks"]!.AsArray().ToDictionary(c => (string)c!["check"]!, c => ((string)c!["status"]!, (string)c["detail"]!)));
    }

    /// <summary>The production Graph implementation rollover uses, built from this config as the server builds it.</summary>
    public Task<IdpFederation.Core.Federation.IEntraFederationCertificates> EntraCertificatesAsync()
    {
        var configuration = new ConfigurationBuilder().AddJsonFile(Path.Combine(Cli.ConfigDirectory, IdpPaths.MainConfigFile)).Build();
        var services = new ServiceCollection().AddLogging();
        var paths = services.AddIdpOptions(configuration, Cli.ConfigDirectory);
        var provider = services.BuildServiceProvider();
        _disposables.Add(provider);
        var options = provider.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<IdpFederation.Core.Configuration.IdpOptions>>();
        var clients = new IdpFederation.Infrastructure.Provisioning.Graph.GraphClients(paths, TimeProvider.System) { Transport = Graph.CreateTrustingHandler };
        return Task.FromResult<IdpFederation.Core.Federation.IEntraFederationCertificates>(new IdpFederation.Infrastructure.Federation.EntraFederationCertificates(options, clients));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var disposable in _disposables)
        {
            await disposable.DisposeAsync();
        }

        await Graph.DisposeAsync();
        Cli.Dispose();
        Signing.Dispose();
        Next.Dispose();
    }

    /// <summary>A self-signed RSA signing certificate as a PFX without password; returns its public part.</summary>
    private static X509Certificate2 WriteCertificate(string path, string name)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN=IdpFederation test {name} signing", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(365));
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx));
        return X509CertificateLoader.LoadCertificate(certificate.RawData);
    }
}
