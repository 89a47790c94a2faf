using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;

namespace IdpFederation.Tests.Provisioning.GraphServer;

/// <summary>
/// POST /$batch (Graph "Combine multiple requests in one HTTP call using JSON batching"): at most 20 requests with
/// unique ids, relative URLs, Content-Type with every body, dependsOn naming earlier ids. Each request runs through
/// <see cref="GraphApi"/> on its own, so it is authorised, throttled (429 inside the 200) and logged on its own; a
/// request whose dependency failed gets 424. Responses come back shuffled, since Graph does not keep the order.
/// </summary>
internal sealed class BatchEndpoint
{
    public const int MaxRequests = 20;
    private readonly GraphApi _api;
    private readonly GraphFaults _faults;
    private readonly Action<GraphCall, GraphResult> _record;

    public BatchEndpoint(GraphApi api, GraphFaults faults, Action<GraphCall, GraphResult> record)
    {
        _api = api;
        _faults = faults;
        _record = record;
    }

    public GraphResult Execute(GraphCall batch)
    {
        if (batch.Body?["requests"] is not JsonArray requests || batch.Body.Count != 1)
        {
            return GraphResult.Error(400, "BadRequest", "Invalid batch payload format: the body must be {\"requests\":[...]}.");
        }

        if (requests.Count > MaxRequests)
        {
            return GraphResult.Error(400, "BadRequest", $"Invalid batch payload format: a batch may hold at most {MaxRequests} requests, this one has {requests.Count}.");
        }

        var calls = new List<(string Id, GraphCall Call, string[] DependsOn)>();
        foreach (var node in requests)
        {
            var (parsed, error) = Parse(node as JsonObject, batch, calls.Select(c => c.Id).ToHashSet(StringComparer.Ordinal));
            if (error is not null)
            {
                return GraphResult.Error(400, "BadRequest", "Invalid batch payload format: " + error);
            }

            calls.Add(parsed!.Value);
        }

        var statuses = new Dictionary<string, int>(StringComparer.Ordinal);
        var responses = new List<JsonObject>();
        foreach (var (id, call, dependsOn) in calls)
        {
            var result = dependsOn.Any(d => statuses[d] is < 200 or > 299)
                ? GraphResult.Error(424, "FailedDependency", "The request could not be processed because a request it depends on failed.")
                : _faults.TakeRandom503() ?? _api.Execute(call);
            statuses[id] = result.Status;
            _record(call, result);
            var headers = new JsonObject();
            foreach (var (name, value) in result.Headers)
            {
                headers[name] = value;
            }

            if (result.Body is not null)
            {
                headers["Content-Type"] = "application/json";
            }

            responses.Add(new JsonObject { ["id"] = id, ["status"] = result.Status, ["headers"] = headers, ["body"] = result.Body?.DeepClone() });
        }

        _faults.Shuffle(responses);
        return GraphResult.Ok(new JsonObject { ["responses"] = new JsonArray(responses.Select(r => (JsonNode)r).ToArray()) });
    }

    private static ((string, GraphCall, string[])? Call, string? Error) Parse(JsonObject? request, GraphCall batch, HashSet<string> earlier)
    {
        string? Text(string name) => request?[name] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
        var id = Text("id");
        var method = Text("method")?.ToUpperInvariant();
        var url = Text("url");
        if (request is null || string.IsNullOrEmpty(id) || method is null || url is null)
        {
            return (null, "each request needs id, method and url.");
        }

        if (earlier.Contains(id))
        {
            return (null, $"the id '{id}' is used more than once.");
        }

        if (Uri.TryCreate(url, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https")
        {
            return (null, $"request '{id}' has an absolute url; batch urls are relative to the version (\"/users\").");
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in request["headers"] as JsonObject ?? [])
        {
            headers[name] = value?.ToString() ?? "";
        }

        var body = request["body"];
        if (body is not null && !headers.ContainsKey("Content-Type"))
        {
            return (null, $"request '{id}' has a body but no Content-Type header.");
        }

        if (body is not null and not JsonObject)
        {
            return (null, $"request '{id}' has a body that is not a JSON object.");
        }

        var dependsOn = (request["dependsOn"] as JsonArray ?? []).Select(d => d?.ToString() ?? "").ToArray();
        if (dependsOn.FirstOrDefault(d => !earlier.Contains(d)) is { } unknown)
        {
            return (null, $"request '{id}' depends on '{unknown}', which is not an earlier request of the batch.");
        }

        var question = url.IndexOf('?');
        var path = "/" + (question < 0 ? url : url[..question]).TrimStart('/');
        var query = QueryHelpers.ParseQuery(question < 0 ? "" : url[question..]).ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal);
        headers.TryAdd("x-ms-throttle-priority", batch.Header("x-ms-throttle-priority") ?? "");
        if (headers["x-ms-throttle-priority"].Length == 0)
        {
            headers.Remove("x-ms-throttle-priority");
        }

        return ((id, new GraphCall(method, Uri.UnescapeDataString(path), query, headers, body?.DeepClone() as JsonObject, batch.Caller, InBatch: true), dependsOn), null);
    }
}
