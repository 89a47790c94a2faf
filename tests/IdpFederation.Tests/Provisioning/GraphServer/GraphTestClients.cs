using System.Security.Cryptography.X509Certificates;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;
using Microsoft.Graph;
using Microsoft.Graph.Authentication;

namespace IdpFederation.Tests.Provisioning.GraphServer;

/// <summary>
/// The Azure.Identity and Microsoft.Graph plumbing that points the real SDK at a <see cref="GraphTestServer"/>:
/// authority host and Graph base URL from the server, MSAL instance discovery off (the test authority is unknown to
/// Microsoft), and an HTTP handler that trusts the server's CA and nothing else.
/// </summary>
public static class GraphTestClients
{
    public static string[] Scopes(GraphTestServer server) => [server.Options.GraphResource + "/.default"];

    public static ClientSecretCredential SecretCredential(GraphTestServer server, string clientId, string secret) =>
        new(server.TenantId.ToString(), clientId, secret, new ClientSecretCredentialOptions
        {
            AuthorityHost = new Uri(server.AuthorityHost),
            DisableInstanceDiscovery = true,
            Transport = new HttpClientTransport(server.CreateTrustingHandler()),
            Retry = { MaxRetries = 0 },
        });

    /// <summary>A credential that signs client assertions with <paramref name="certificate"/> (which must hold its private key).</summary>
    public static ClientCertificateCredential CertificateCredential(GraphTestServer server, string clientId, X509Certificate2 certificate) =>
        new(server.TenantId.ToString(), clientId, certificate, new ClientCertificateCredentialOptions
        {
            AuthorityHost = new Uri(server.AuthorityHost),
            DisableInstanceDiscovery = true,
            Transport = new HttpClientTransport(server.CreateTrustingHandler()),
            Retry = { MaxRetries = 0 },
        });

    /// <summary>
    /// A GraphServiceClient for the server. The authentication provider names the server's host as allowed: the
    /// constructor that takes a TokenCredential allows only Microsoft's Graph hosts and silently sends no token elsewhere
    /// (the server answers 401 "Access token is empty."), which a national cloud or a test host must override the same way. Without <paramref name="sdkRetries"/> the HttpClient has no SDK middleware,
    /// so a test sees every 429 and 503 as it is sent; with it, the SDK's default handlers (retry with Retry-After,
    /// redirect, compression) sit in front, as in the product.
    /// </summary>
    public static GraphServiceClient Create(GraphTestServer server, TokenCredential credential, bool sdkRetries = false)
    {
        var httpClient = sdkRetries
            ? GraphClientFactory.Create(GraphClientFactory.CreateDefaultHandlers(), finalHandler: server.CreateTrustingHandler())
            : new HttpClient(server.CreateTrustingHandler());
        var authentication = new AzureIdentityAuthenticationProvider(credential, [new Uri(server.BaseUrl).Host], observabilityOptions: null, isCaeEnabled: false, Scopes(server));
        return new GraphServiceClient(httpClient, authentication, server.BaseUrl);
    }

    /// <summary>
    /// A plain HttpClient with a bearer token for the server, BaseAddress "…/v1.0/", for requests the SDK will not
    /// send as a test needs them (a 21-request batch, a body missing required fields).
    /// </summary>
    public static async Task<HttpClient> CreateRawAsync(GraphTestServer server, TokenCredential credential)
    {
        var token = await credential.GetTokenAsync(new TokenRequestContext(Scopes(server)), CancellationToken.None);
        var client = new HttpClient(server.CreateTrustingHandler()) { BaseAddress = new Uri(server.BaseUrl + "/") };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token.Token);
        return client;
    }
}
