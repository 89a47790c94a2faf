using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace IdpFederation.Tests.Provisioning.GraphServer;

/// <summary>
/// The Entra v2.0 token endpoint for the client-credentials grant (RFC 6749 §4.4) with a client secret or a client
/// assertion (RFC 7523 §2.2), and the OpenID discovery documents MSAL may read. Errors use Entra's body:
/// {"error","error_description":"AADSTSnnnn: ...","error_codes":[n]}.
/// </summary>
internal sealed class TokenEndpoint
{
    private const string AssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    private readonly GraphTestServerOptions _options;
    private readonly AccessTokens _tokens;

    public TokenEndpoint(GraphTestServerOptions options, AccessTokens tokens)
    {
        _options = options;
        _tokens = tokens;
    }

    /// <summary>The tenant segment of an authority path: the tenant GUID or one of its verified domains.</summary>
    public bool IsOurTenant(string segment) =>
        Guid.TryParse(segment, out var id) ? id == _options.TenantId
        : string.Equals(segment, _options.InitialDomain, StringComparison.OrdinalIgnoreCase)
          || _options.Domains.Any(d => string.Equals(d.Name, segment, StringComparison.OrdinalIgnoreCase));

    public JsonObject Discovery(string origin, string tenantSegment)
    {
        var tenantUrl = $"{origin}/{_options.TenantId}";
        return new JsonObject
        {
            ["token_endpoint"] = $"{origin}/{tenantSegment}/oauth2/v2.0/token",
            ["authorization_endpoint"] = $"{origin}/{tenantSegment}/oauth2/v2.0/authorize",
            ["issuer"] = $"{tenantUrl}/v2.0",
            ["jwks_uri"] = $"{origin}/{tenantSegment}/discovery/v2.0/keys",
            ["token_endpoint_auth_methods_supported"] = new JsonArray("client_secret_post", "private_key_jwt", "client_secret_basic"),
            ["response_types_supported"] = new JsonArray("code", "id_token", "code id_token", "id_token token"),
            ["subject_types_supported"] = new JsonArray("pairwise"),
            ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
            ["tenant_region_scope"] = "NA",
            ["cloud_instance_name"] = "microsoftonline.com",
        };
    }

    /// <summary>Handles POST {tenant}/oauth2/v2.0/token; returns the status and the JSON body.</summary>
    public async Task<(int Status, JsonObject Body)> IssueAsync(HttpRequest request, string tenantSegment)
    {
        if (!request.HasFormContentType)
        {
            return Failure(400, "invalid_request", 900144, "The request body must contain the following parameter: 'grant_type'.");
        }

        var form = await request.ReadFormAsync();
        string? Field(string name) => form.TryGetValue(name, out var v) && v.Count == 1 ? v[0] : null;
        if (Field("grant_type") != "client_credentials")
        {
            return Failure(400, "unsupported_grant_type", 70003, "The app requested an unsupported grant type.");
        }

        var clientId = Field("client_id");
        var app = _options.Apps.FirstOrDefault(a => a.ClientId == clientId);
        if (clientId is null || app is null)
        {
            return Failure(400, "unauthorized_client", 700016, $"Application with identifier '{clientId}' was not found in the directory '{tenantSegment}'.");
        }

        var scopes = (Field("scope") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (scopes.Length != 1 || scopes[0] != _options.GraphResource + "/.default")
        {
            return Failure(400, "invalid_scope", 1002012, $"The provided value for scope {Field("scope")} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).");
        }

        var failure = Field("client_assertion") is { } assertion
            ? CheckAssertion(app, Field("client_assertion_type"), assertion, $"{request.Scheme}://{request.Host}/{tenantSegment}")
            : CheckSecret(app, Field("client_secret"));
        if (failure is not null)
        {
            return failure.Value;
        }

        var (token, expires) = _tokens.Issue(app);
        var seconds = (long)(expires - _options.TimeProvider.GetUtcNow()).TotalSeconds;
        return (200, new JsonObject { ["token_type"] = "Bearer", ["expires_in"] = seconds, ["ext_expires_in"] = seconds, ["access_token"] = token });
    }

    private static (int, JsonObject)? CheckSecret(GraphTestApp app, string? secret)
    {
        if (secret is null)
        {
            return Failure(401, "invalid_client", 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
        }

        var ok = app.Secret is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(app.Secret));
        return ok ? null : Failure(401, "invalid_client", 7000215, $"Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '{app.ClientId}'.");
    }

    private (int, JsonObject)? CheckAssertion(GraphTestApp app, string? type, string assertion, string authority)
    {
        if (type != AssertionType)
        {
            return Failure(400, "invalid_request", 700023, "The client_assertion_type parameter must be 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'.");
        }

        var jwt = Jwt.Parse(assertion);
        if (jwt is null)
        {
            return Failure(401, "invalid_client", 50027, "JWT token is invalid or malformed.");
        }

        using var key = app.Certificate?.GetRSAPublicKey();
        if (key is null || !ThumbprintMatches(jwt, app.Certificate!) || !jwt.VerifyWith(key))
        {
            return Failure(401, "invalid_client", 700027, $"The certificate with identifier used to sign the client assertion is not registered on application, or the client assertion failed signature validation. [Reason - The key was not found., Thumbprint of key used by client: '{jwt.Header["x5t"]}']");
        }

        var aud = jwt.Claim("aud");
        if (aud != authority + "/oauth2/v2.0/token" && aud != authority + "/v2.0")
        {
            return Failure(401, "invalid_client", 700212, $"No matching federated identity record found for presented assertion audience '{aud}'.");
        }

        if (jwt.Claim("iss") != app.ClientId || jwt.Claim("sub") != app.ClientId)
        {
            return Failure(401, "invalid_client", 700021, "Client assertion application identifier doesn't match 'client_id' parameter.");
        }

        var now = _options.TimeProvider.GetUtcNow().ToUnixTimeSeconds();
        if (jwt.NumericClaim("exp") is not { } exp || exp <= now - 300 || jwt.NumericClaim("nbf") is > 0 and var nbf && nbf > now + 300)
        {
            return Failure(401, "invalid_client", 700024, "Client assertion is not within its valid time range.");
        }

        return null;
    }

    /// <summary>MSAL names the key by x5t (SHA-1) or x5t#S256; when it does, the name must be the registered certificate's.</summary>
    private static bool ThumbprintMatches(ParsedJwt jwt, X509Certificate2 certificate)
    {
        var x5t = jwt.Header["x5t"]?.GetValue<string>();
        var x5tS256 = jwt.Header["x5t#S256"]?.GetValue<string>();
        return (x5t is null || x5t == Jwt.Base64Url(certificate.GetCertHash(HashAlgorithmName.SHA1)))
            && (x5tS256 is null || x5tS256 == Jwt.Base64Url(certificate.GetCertHash(HashAlgorithmName.SHA256)));
    }

    private static (int, JsonObject) Failure(int status, string error, int code, string description) =>
        (status, new JsonObject
        {
            ["error"] = error,
            ["error_description"] = $"AADSTS{code}: {description} Trace ID: {Guid.NewGuid()} Correlation ID: {Guid.NewGuid()} Timestamp: {DateTime.UtcNow:yyyy-MM-dd HH:mm:ssZ}",
            ["error_codes"] = new JsonArray(code),
            ["timestamp"] = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
            ["trace_id"] = Guid.NewGuid().ToString(),
            ["correlation_id"] = Guid.NewGuid().ToString(),
        });
}
