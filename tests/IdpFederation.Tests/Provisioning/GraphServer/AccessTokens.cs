using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace IdpFederation.Tests.Provisioning.GraphServer;

/// <summary>
/// Issues the RS256 access tokens of the test tenant and validates them on every Graph call: signature, audience,
/// tenant and expiry. A token's signature is checked once and the result kept by its string, so that thousands of
/// calls cost one RSA verification; expiry is checked on every call against the injected clock. The signing key is
/// shared by the servers of a test run (key generation is slow); a token still works only at the server that issued
/// it, whose tenant is in its iss and tid.
/// </summary>
internal sealed class AccessTokens
{
    private static readonly RSA SharedKey = RSA.Create(2048);
    private readonly RSA _key = SharedKey;
    private readonly string _keyId = Guid.NewGuid().ToString("N");
    private readonly ConcurrentDictionary<string, GraphCaller> _validated = new(StringComparer.Ordinal);
    private readonly GraphTestServerOptions _options;

    public AccessTokens(GraphTestServerOptions options) => _options = options;

    public string Issuer => $"https://sts.windows.net/{_options.TenantId}/";

    public (string Token, DateTimeOffset ExpiresAt) Issue(GraphTestApp app)
    {
        var now = _options.TimeProvider.GetUtcNow();
        var expires = now + _options.AccessTokenLifetime;
        var roles = new JsonArray();
        foreach (var role in app.Roles)
        {
            roles.Add(role);
        }

        var payload = new JsonObject
        {
            ["aud"] = _options.GraphResource,
            ["iss"] = Issuer,
            ["iat"] = now.ToUnixTimeSeconds(),
            ["nbf"] = now.ToUnixTimeSeconds(),
            ["exp"] = expires.ToUnixTimeSeconds(),
            ["appid"] = app.ClientId,
            ["idtyp"] = "app",
            ["oid"] = Guid.NewGuid().ToString(),
            ["roles"] = roles,
            ["sub"] = app.ClientId,
            ["tid"] = _options.TenantId.ToString(),
            ["uti"] = Jwt.Base64Url(RandomNumberGenerator.GetBytes(12)),
        };
        var header = new JsonObject { ["typ"] = "JWT", ["alg"] = "RS256", ["kid"] = _keyId };
        lock (SharedKey)
        {
            // One RSA object serves every server of the run, in parallel test classes: its members are not thread-safe.
            return (Jwt.Sign(header, payload, _key), expires);
        }
    }

    /// <summary>The caller, or the reason the token is refused (Graph answers 401 InvalidAuthenticationToken).</summary>
    public (GraphCaller? Caller, string? Error) Validate(string? authorization)
    {
        if (authorization is null || !authorization.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return (null, "Access token is empty.");
        }

        var token = authorization["Bearer ".Length..].Trim();
        if (!_validated.TryGetValue(token, out var caller))
        {
            var (parsed, error) = Check(token);
            if (parsed is null)
            {
                return (null, error);
            }

            caller = parsed;
            _validated[token] = caller;
        }

        return caller.ExpiresAt <= _options.TimeProvider.GetUtcNow()
            ? (null, "Lifetime validation failed, the token is expired.")
            : (caller, null);
    }

    private (GraphCaller? Caller, string? Error) Check(string token)
    {
        var jwt = Jwt.Parse(token);
        if (jwt is null)
        {
            return (null, "IDX14100: JWT is not well formed.");
        }

        bool verified;
        lock (SharedKey)
        {
            verified = jwt.Header["alg"]?.GetValue<string>() == "RS256" && jwt.VerifyWith(_key);
        }

        if (!verified)
        {
            return (null, "Access token validation failure. Invalid signature.");
        }

        if (jwt.Claim("aud") != _options.GraphResource)
        {
            return (null, "Access token validation failure. Invalid audience.");
        }

        if (jwt.Claim("tid") != _options.TenantId.ToString() || jwt.Claim("iss") != Issuer)
        {
            return (null, "Access token validation failure. Invalid issuer.");
        }

        var roles = (jwt.Payload["roles"] as JsonArray ?? []).Select(r => r!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
        var expires = DateTimeOffset.FromUnixTimeSeconds(jwt.NumericClaim("exp") ?? 0);
        return (new GraphCaller(jwt.Claim("appid") ?? "", roles, expires), null);
    }
}
