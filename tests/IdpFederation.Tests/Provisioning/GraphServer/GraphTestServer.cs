using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IdpFederation.Tests.Provisioning.GraphServer;

/// <summary>
/// A strict Microsoft Graph v1.0 and Entra token endpoint for one tenant, over HTTPS on 127.0.0.1, for the real
/// Microsoft.Graph SDK and Azure.Identity. Point GraphBaseUrl at <see cref="BaseUrl"/> and AuthorityHost at
/// <see cref="AuthorityHost"/> (with instance discovery off), trust <see cref="CaCertificate"/>, then assert on the
/// state (GraphTestServer.State.cs). "Down" answers 503 to everything rather than refusing connections, so that the
/// port stays the same and an outage ends without a restart.
/// </summary>
public sealed partial class GraphTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly GraphTestCertificates _certificates;
    private readonly AccessTokens _tokens;
    private readonly TokenEndpoint _tokenEndpoint;
    private readonly GraphDirectory _directory;
    private readonly GraphApi _api;
    private readonly BatchEndpoint _batch;
    private readonly GraphFaults _faults;
    private readonly WriteThrottle _throttle;
    private readonly List<GraphRequestRecord> _log = [];
    private string _origin = "";

    private GraphTestServer(GraphTestServerOptions options, GraphTestCertificates certificates)
    {
        Options = options;
        _certificates = certificates;
        _tokens = new AccessTokens(options);
        _tokenEndpoint = new TokenEndpoint(options, _tokens);
        _directory = new GraphDirectory(options);
        _throttle = new WriteThrottle(options);
        _faults = new GraphFaults(options.Seed);
        _api = new GraphApi(_directory, _throttle, () => BaseUrl);
        _batch = new BatchEndpoint(_api, _faults, Record);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(certificates.ServerCertificate)));
        _app = builder.Build();
        _app.Run(HandleAsync);
    }

    public GraphTestServerOptions Options { get; }

    public Guid TenantId => Options.TenantId;

    /// <summary>Graph's base URL with its version, "https://127.0.0.1:port/v1.0".</summary>
    public string BaseUrl => _origin + "/v1.0";

    /// <summary>The authority host, "https://127.0.0.1:port/"; the tenant's authority is AuthorityHost + TenantId.</summary>
    public string AuthorityHost => _origin + "/";

    public X509Certificate2 CaCertificate => _certificates.CaCertificate;

    /// <summary>The CA as a PEM file, for a child process: SSL_CERT_FILE=CaPemPath.</summary>
    public string CaPemPath => _certificates.CaPemPath;

    public static async Task<GraphTestServer> StartAsync(GraphTestServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var server = new GraphTestServer(options, GraphTestCertificates.Shared);
        await server._app.StartAsync();
        var address = server._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server._origin = "https://127.0.0.1:" + new Uri(address).Port;
        return server;
    }

    /// <summary>A handler that trusts exactly this server's CA, for in-process clients.</summary>
    public HttpMessageHandler CreateTrustingHandler() => _certificates.CreateTrustingHandler();

    private async Task HandleAsync(HttpContext context)
    {
        try
        {
            await DispatchAsync(context);
        }
        catch (Exception e) when (!context.Response.HasStarted)
        {
            // A bug in the test server itself: say so in Graph's shape, so the failing test shows it.
            await WriteAsync(context.Response, 500, GraphResult.Error(500, "TestServerBug", e.ToString()).Body, null);
        }
    }

    private async Task DispatchAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "/";
        var segments = path.Trim('/').Split('/');
        var priority = request.Headers["x-ms-throttle-priority"].FirstOrDefault();
        (int Status, JsonNode? Body, IReadOnlyDictionary<string, string>? Headers) answer;
        string? appId = null;
        if (_faults.Down)
        {
            answer = (503, GraphFaults.Failure(503).Body, null);
        }
        else if (segments[0] is "v1.0" or "beta")
        {
            var (result, caller) = await GraphAsync(context, "/" + string.Join('/', segments.Skip(1)), beta: segments[0] == "beta");
            result.Headers.TryAdd("x-ms-resource-unit", "1");
            appId = caller?.AppId;
            answer = (result.Status, result.Body, result.Headers);
        }
        else if (request.Method == "POST" && segments.Length == 4 && segments[1..] is ["oauth2", "v2.0", "token"] && _tokenEndpoint.IsOurTenant(segments[0]))
        {
            var (status, body) = await _tokenEndpoint.IssueAsync(request, segments[0]);
            answer = (status, body, null);
        }
        else if (request.Method == "GET" && segments.Length >= 3 && segments[^2..] is [".well-known", "openid-configuration"] && _tokenEndpoint.IsOurTenant(segments[0]))
        {
            answer = (200, _tokenEndpoint.Discovery(_origin, segments[0]), null);
        }
        else if (request.Method == "GET" && path == "/common/discovery/instance")
        {
            answer = (200, InstanceDiscovery(), null);
        }
        else
        {
            answer = (404, new JsonObject { ["error"] = "not_found", ["error_description"] = $"No endpoint at {request.Method} {path}." }, null);
        }

        var record = new GraphRequestRecord(Options.TimeProvider.GetUtcNow(), request.Method, path, priority, answer.Status, false, appId);
        lock (_log)
        {
            _log.Add(record);
        }

        Options.OnRequest?.Invoke(record);

        await WriteAsync(context.Response, answer.Status, answer.Body, answer.Headers);
    }

    private async Task<(GraphResult Result, GraphCaller? Caller)> GraphAsync(HttpContext context, string path, bool beta)
    {
        var (caller, tokenError) = _tokens.Validate(context.Request.Headers.Authorization.FirstOrDefault());
        if (caller is null)
        {
            return (GraphResult.Error(401, "InvalidAuthenticationToken", tokenError!), null);
        }

        if (_faults.TakeForRequest() is { } failure)
        {
            return (failure, caller);
        }

        JsonObject? body = null;
        if (context.Request.ContentLength > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            try
            {
                // Duplicate property names are refused here (400) instead of surfacing later from JsonObject's lazy
                // dictionary as an ArgumentException; the message names the property, never a value.
                using var reader = new StreamReader(context.Request.Body);
                var text = await reader.ReadToEndAsync();
                body = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false }) as JsonObject ?? throw new JsonException("not an object");
                body = (JsonObject)body.DeepClone();
                _ = body.Count;
            }
            catch (JsonException e)
            {
                return (GraphResult.Error(400, "BadRequest", "Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format. " + e.Message.Split('.')[0] + "."), caller);
            }
        }

        var query = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, values) in context.Request.Query)
        {
            if (values.Count != 1)
            {
                return (GraphResult.Error(400, "BadRequest", $"Query option '{key}' was specified more than once, but it must be specified at most once."), caller);
            }

            query[key] = values[0]!;
        }

        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var call = new GraphCall(context.Request.Method, path, query, headers, body, caller, InBatch: false, Beta: beta);
        return (path == "/$batch" && call.Method == "POST" && !beta ? _batch.Execute(call) : _api.Execute(call), caller);
    }

    private void Record(GraphCall call, GraphResult result)
    {
        lock (_log)
        {
            _log.Add(new GraphRequestRecord(Options.TimeProvider.GetUtcNow(), call.Method, "/v1.0" + call.Path, call.Header("x-ms-throttle-priority"), result.Status, true, call.Caller.AppId));
        }
    }

    private JsonObject InstanceDiscovery()
    {
        var host = new Uri(_origin).Authority;
        return new JsonObject
        {
            ["tenant_discovery_endpoint"] = $"{_origin}/{TenantId}/v2.0/.well-known/openid-configuration",
            ["api-version"] = "1.1",
            ["metadata"] = new JsonArray(new JsonObject { ["preferred_network"] = host, ["preferred_cache"] = host, ["aliases"] = new JsonArray(host) }),
        };
    }

    private static async Task WriteAsync(HttpResponse response, int status, JsonNode? body, IReadOnlyDictionary<string, string>? headers)
    {
        response.StatusCode = status;
        response.Headers["request-id"] = Guid.NewGuid().ToString();
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            response.Headers[name] = value;
        }

        if (body is not null)
        {
            response.ContentType = "application/json; charset=utf-8";
            await response.WriteAsync(body.ToJsonString());
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
