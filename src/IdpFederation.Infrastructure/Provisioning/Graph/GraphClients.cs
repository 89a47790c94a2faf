using System.Security.Cryptography.X509Certificates;
using Azure.Core;
using IdpFederation.Core.Configuration;
using IdpFederation.Infrastructure.Configuration;
using Microsoft.Graph;
using Microsoft.Graph.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware;

namespace IdpFederation.Infrastructure.Provisioning.Graph;

/// <summary>
/// Builds the Graph SDK client of one tenant: its credential, the configured Graph and authority endpoints (public or
/// national cloud, or a test server), our retry and priority handlers in place of the SDK's retry, and the tenant's
/// shared write limiter. Trust for a private CA comes from the platform (SSL_CERT_FILE / SSL_CERT_DIR on Linux).
/// </summary>
public sealed class GraphClients(IdpPaths? paths, TimeProvider time, Func<string, string?>? environment = null)
{
    /// <summary>Test seam: the innermost HTTP handler for Graph and token requests; null uses the platform's.</summary>
    public Func<HttpMessageHandler>? Transport { get; init; }

    /// <summary>Base delay of the 5xx backoff; tests shorten it.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    public GraphTenantClient Create(ProvisioningTenantOptions tenant, GraphPriority priority)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        var traffic = new GraphTraffic();
        var credential = GraphCredentials.Create(tenant, paths, environment ?? Environment.GetEnvironmentVariable, Transport?.Invoke());
        var baseUrl = tenant.GraphBaseUrl.TrimEnd('/');
        var limiter = WriteRateLimiter.For(baseUrl, tenant.TenantId, tenant.ClientId, tenant.WritesPerWindow, tenant.WriteWindow, time);
        var handlers = GraphClientFactory.CreateDefaultHandlers().Where(h => h is not RetryHandler).ToList();
        handlers.Insert(0, new QuotaUseHandler(limiter));
        handlers.Insert(0, new ThrottlePriorityHandler(priority));
        handlers.Insert(0, new GraphRetryHandler(traffic, time, baseDelay: RetryBaseDelay));
        var finalHandler = Transport?.Invoke() ?? new SocketsHttpHandler { AutomaticDecompression = System.Net.DecompressionMethods.All, PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        var http = GraphClientFactory.Create(handlers, finalHandler: finalHandler);
        http.Timeout = TimeSpan.FromMinutes(10);
        // The TokenCredential constructor only sends tokens to Microsoft's own Graph hosts; naming the configured host
        // is what a national cloud (or a test server) needs. App-only tokens take no CAE claims challenge.
        var authentication = new AzureIdentityAuthenticationProvider(credential, [new Uri(baseUrl).Host], observabilityOptions: null, isCaeEnabled: false, Scope(baseUrl));
        var client = new GraphServiceClient(http, authentication, baseUrl);
        return new GraphTenantClient(tenant, client, traffic, limiter, priority);
    }

    /// <summary>The tenant's credential alone, for checks that read the token itself (provision verify).</summary>
    public TokenCredential CreateCredential(ProvisioningTenantOptions tenant) =>
        GraphCredentials.Create(tenant, paths, environment ?? Environment.GetEnvironmentVariable, Transport?.Invoke());

    /// <summary>The configured client certificate with its key, or null when the tenant uses a secret.</summary>
    public X509Certificate2? LoadCertificate(ProvisioningTenantOptions tenant)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        return string.IsNullOrWhiteSpace(tenant.CertificatePath)
            ? null
            : GraphCredentials.ReadCertificate(tenant, paths, $"Idp:Provisioning:Tenants[{tenant.Name}]");
    }

    /// <summary>App-only tokens are asked for the resource's ".default" scope: every application permission granted.</summary>
    internal static string Scope(string graphBaseUrl)
    {
        var uri = new Uri(graphBaseUrl);
        return $"{uri.GetLeftPart(UriPartial.Authority)}/.default";
    }
}

/// <summary>One tenant's Graph client with what a run needs beside it.</summary>
public sealed record GraphTenantClient(ProvisioningTenantOptions Tenant, GraphServiceClient Client, GraphTraffic Traffic,
    WriteRateLimiter Writes, GraphPriority Priority) : IDisposable
{
    public void Dispose() => Client.Dispose();
}
