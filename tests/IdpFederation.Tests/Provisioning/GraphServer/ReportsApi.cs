using System.Text.Json.Nodes;

namespace IdpFederation.Tests.Provisioning.GraphServer;

/// <summary>
/// GET /reports/authenticationMethods/userRegistrationDetails[/{id}] (Graph v1.0 "List userRegistrationDetails"): one
/// row per user, with what the test set through SetRegistration (false and no methods otherwise). Supports $filter
/// (eq/ne/in/startswith over the documented filterable properties), $top and paging by @odata.nextLink, like /users.
/// Callers hold the directory lock.
/// </summary>
internal sealed class ReportsApi
{
    private static readonly HashSet<string> Filterable = new(StringComparer.Ordinal)
    {
        "id", "userPrincipalName", "userDisplayName", "userType", "isAdmin", "isSsprRegistered", "isSsprEnabled", "isSsprCapable", "isMfaRegistered", "isMfaCapable", "isPasswordlessCapable",
    };

    private readonly GraphDirectory _directory;
    private readonly Func<string> _baseUrl;

    public ReportsApi(GraphDirectory directory, Func<string> baseUrl)
    {
        _directory = directory;
        _baseUrl = baseUrl;
    }

    public GraphResult List(GraphCall call)
    {
        if (call.Query.Keys.FirstOrDefault(k => k is not ("$filter" or "$top" or "$skiptoken")) is { } unsupported)
        {
            return GraphResult.Error(400, "Request_UnsupportedQuery", $"Unsupported Query: the test server does not implement '{unsupported}' on this report.");
        }

        Func<Func<string, JsonNode?>, bool> predicate = _ => true;
        if (call.QueryValue("$filter") is { } filter)
        {
            var (parsed, error) = ODataFilter.Parse(filter, Filterable);
            if (error is not null)
            {
                return error;
            }

            predicate = parsed!;
        }

        var (top, topError) = Paging.Top(call, _directory.Options.DefaultPageSize);
        if (topError is not null)
        {
            return topError;
        }

        var after = call.QueryValue("$skiptoken");
        var page = new JsonArray();
        string? last = null;
        var more = false;
        foreach (var user in _directory.Users.Values.Where(u => after is null || string.CompareOrdinal(u.Id, after) > 0))
        {
            var row = ToJson(user);
            if (!predicate(name => row[name]))
            {
                continue;
            }

            if (page.Count == top)
            {
                more = true;
                break;
            }

            page.Add(row);
            last = user.Id;
        }

        var body = new JsonObject { ["@odata.context"] = $"{_baseUrl()}/$metadata#reports/authenticationMethods/userRegistrationDetails", ["value"] = page };
        if (more)
        {
            body["@odata.nextLink"] = Paging.NextLink(_baseUrl() + "/reports/authenticationMethods/userRegistrationDetails", call, last!);
        }

        return GraphResult.Ok(body);
    }

    public GraphResult Get(string id) =>
        _directory.Users.GetValueOrDefault(id.ToLowerInvariant()) is { } user ? GraphResult.Ok(ToJson(user)) : GraphResult.NotFound(id);

    private JsonObject ToJson(DirectoryUser user)
    {
        var registration = user.Registration ?? new GraphTestRegistration();
        return new JsonObject
        {
            ["id"] = user.Id,
            ["userPrincipalName"] = user.UserPrincipalName,
            ["userDisplayName"] = user.String("displayName"),
            ["userType"] = "member",
            ["isAdmin"] = false,
            ["isSsprRegistered"] = registration.IsSsprRegistered,
            ["isSsprEnabled"] = registration.IsSsprEnabled,
            ["isSsprCapable"] = registration.IsSsprCapable,
            ["isMfaRegistered"] = registration.IsMfaRegistered,
            ["isMfaCapable"] = registration.IsMfaCapable,
            ["isPasswordlessCapable"] = false,
            ["isSystemPreferredAuthenticationMethodEnabled"] = false,
            ["methodsRegistered"] = new JsonArray((registration.MethodsRegistered ?? []).Select(m => (JsonNode)JsonValue.Create(m)).ToArray()),
            ["systemPreferredAuthenticationMethods"] = new JsonArray(),
            ["userPreferredMethodForSecondaryAuthentication"] = "none",
            ["lastUpdatedDateTime"] = _directory.Now.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", System.Globalization.CultureInfo.InvariantCulture),
        };
    }
}
