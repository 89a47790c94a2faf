using System.Text.Json.Nodes;

namespace IdpFederation.Tests.Provisioning.GraphServer;

/// <summary>
/// One Graph request after authentication, from HTTP or from inside a $batch: method, path below /v1.0, the OData
/// query options, headers and JSON body. Both routes run the same handlers, so a rule holds inside a batch too.
/// <paramref name="Beta"/> marks a call under /beta instead of /v1.0 (only one beta path is served).
/// </summary>
internal sealed record GraphCall(
    string Method,
    string Path,
    IReadOnlyDictionary<string, string> Query,
    IReadOnlyDictionary<string, string> Headers,
    JsonObject? Body,
    GraphCaller Caller,
    bool InBatch,
    bool Beta = false)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public string? QueryValue(string name) => Query.TryGetValue(name, out var value) ? value : null;

    public bool IsWrite => Method is "POST" or "PATCH" or "PUT" or "DELETE";
}

/// <summary>The app a validated access token speaks for.</summary>
internal sealed record GraphCaller(string AppId, IReadOnlySet<string> Roles, DateTimeOffset ExpiresAt);

/// <summary>A Graph response before it is written to HTTP or into a batch response.</summary>
internal sealed class GraphResult
{
    public GraphResult(int status, JsonNode? body = null)
    {
        Status = status;
        Body = body;
    }

    public int Status { get; }

    public JsonNode? Body { get; }

    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    public static GraphResult NoContent() => new(204);

    public static GraphResult Ok(JsonNode body) => new(200, body);

    public static GraphResult Created(JsonNode body) => new(201, body);

    /// <summary>Graph's error body: {"error":{"code","message","innerError":{"date","request-id","client-request-id"}}}.</summary>
    public static GraphResult Error(int status, string code, string message)
    {
        var innerError = new JsonObject
        {
            ["date"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss", System.Globalization.CultureInfo.InvariantCulture),
            ["request-id"] = Guid.NewGuid().ToString(),
            ["client-request-id"] = Guid.NewGuid().ToString(),
        };
        return new GraphResult(status, new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message, ["innerError"] = innerError } });
    }

    public static GraphResult BadRequest(string message) => Error(400, "Request_BadRequest", message);

    public static GraphResult NotFound(string id) =>
        Error(404, "Request_ResourceNotFound", $"Resource '{id}' does not exist or one of its queried reference-property objects are not present.");
}
