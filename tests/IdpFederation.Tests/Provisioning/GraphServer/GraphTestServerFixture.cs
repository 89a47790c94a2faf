using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Graph;
using Microsoft.Graph.Models;

namespace IdpFederation.Tests.Provisioning.GraphServer;

/// <summary>
/// A fresh Graph test server per test, with three apps: one with every permission provisioning uses, one that can only
/// read users, and one that signs in with a certificate. Tests that need another clock or quota override Configure.
/// </summary>
public abstract class GraphTestServerFixture : IAsyncLifetime
{
    protected const string AdminId = "11111111-0000-0000-0000-000000000001";
    protected const string AdminSecret = "admin-secret-value";
    protected const string ReaderId = "11111111-0000-0000-0000-000000000002";
    protected const string ReaderSecret = "reader-secret-value";
    protected const string CertificateAppId = "11111111-0000-0000-0000-000000000003";
    protected static readonly Guid E3 = Guid.Parse("6fd2c87f-b296-42f0-b197-1e91e994b900");

    protected GraphTestServer Server { get; private set; } = null!;

    private static readonly Lazy<System.Security.Cryptography.X509Certificates.X509Certificate2> SharedAppCertificate = new(CreateAppCertificate);

    protected static System.Security.Cryptography.X509Certificates.X509Certificate2 AppCertificate => SharedAppCertificate.Value;

    public async Task InitializeAsync()
    {
        var options = new GraphTestServerOptions
        {
            Skus = [new GraphTestSku(E3, "ENTERPRISEPACK", EnabledUnits: 2)],
            Apps =
            [
                new GraphTestApp(AdminId, ["User.ReadWrite.All", "Group.ReadWrite.All", "Domain.Read.All", "Organization.Read.All"]) { Secret = AdminSecret },
                new GraphTestApp(ReaderId, ["User.Read.All"]) { Secret = ReaderSecret },
                new GraphTestApp(CertificateAppId, ["User.Read.All"]) { Certificate = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(AppCertificate.RawData) },
            ],
        };
        Configure(options);
        Server = await GraphTestServer.StartAsync(options);
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
    }

    protected virtual void Configure(GraphTestServerOptions options)
    {
    }

    protected GraphServiceClient Admin(bool sdkRetries = false) =>
        GraphTestClients.Create(Server, GraphTestClients.SecretCredential(Server, AdminId, AdminSecret), sdkRetries);

    protected Task<HttpClient> RawAdminAsync() => GraphTestClients.CreateRawAsync(Server, GraphTestClients.SecretCredential(Server, AdminId, AdminSecret));

    protected static User NewUser(string upn, string? immutableId, string? usageLocation = null) => new()
    {
        AccountEnabled = true,
        DisplayName = upn.Split('@')[0],
        MailNickname = upn.Split('@')[0],
        UserPrincipalName = upn,
        OnPremisesImmutableId = immutableId,
        UsageLocation = usageLocation,
        PasswordProfile = new PasswordProfile { Password = "Random-Unusable-Pa55!", ForceChangePasswordNextSignIn = false },
    };

    protected static async Task<(int Status, JsonNode? Body)> SendAsync(HttpClient client, HttpMethod method, string url, JsonNode? body = null)
    {
        using var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    private static System.Security.Cryptography.X509Certificates.X509Certificate2 CreateAppCertificate()
    {
        using var key = System.Security.Cryptography.RSA.Create(2048);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=provisioning app", key, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        return System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12(certificate.Export(System.Security.Cryptography.X509Certificates.X509ContentType.Pkcs12), null);
    }
}
