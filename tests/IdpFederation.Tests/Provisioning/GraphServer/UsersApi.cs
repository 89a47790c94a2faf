using System.Text.Json.Nodes;

namespace IdpFederation.Tests.Provisioning.GraphServer;

/// <summary>/users: list with $filter/$select/$top and paging, get, create, update, delete. Callers hold the directory lock.</summary>
internal sealed class UsersApi
{
    private static readonly HashSet<string> Filterable = new(StringComparer.Ordinal)
    {
        "id", "userPrincipalName", "onPremisesImmutableId", "mail", "displayName", "mailNickname", "accountEnabled", "usageLocation", "givenName", "surname", "employeeId",
    };

    private readonly GraphDirectory _directory;
    private readonly Func<string> _baseUrl;

    public UsersApi(GraphDirectory directory, Func<string> baseUrl)
    {
        _directory = directory;
        _baseUrl = baseUrl;
    }

    public GraphResult List(GraphCall call)
    {
        // Options Graph has but this server does not ($orderby, $search, $expand) are refused rather than ignored, so
        // the engine cannot come to depend on them unnoticed.
        if (call.Query.Keys.FirstOrDefault(k => k is not ("$select" or "$filter" or "$top" or "$skiptoken" or "$count")) is { } unsupported)
        {
            return GraphResult.Error(400, "Request_UnsupportedQuery", $"Unsupported Query: the test server does not implement '{unsupported}'.");
        }

        // $count needs the advanced-query header (Graph "Advanced query capabilities on Microsoft Entra ID objects").
        var count = call.QueryValue("$count") == "true";
        if (count && call.Header("ConsistencyLevel") != "eventual")
        {
            return GraphResult.Error(400, "Request_BadRequest", "$count is not currently supported.");
        }

        var (select, selectError) = UserProperties.ParseSelect(call.QueryValue("$select"));
        if (selectError is not null)
        {
            return selectError;
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

        // Paging by object ID: the skip token is the last ID returned, so concurrent writes never repeat or skip a user.
        var after = call.QueryValue("$skiptoken");
        var page = new JsonArray();
        string? last = null;
        var more = false;
        IEnumerable<DirectoryUser> users = _directory.Users.Values;
        if (call.QueryValue("$filter") is { } text && ODataFilter.EqualityLookup(text) is { } lookup && _directory.Candidates(lookup.Property, lookup.Values) is { } candidates)
        {
            users = candidates.DistinctBy(u => u.Id).OrderBy(u => u.Id, StringComparer.Ordinal);
        }

        foreach (var user in after is null ? users : users.Where(u => string.CompareOrdinal(u.Id, after) > 0))
        {
            if (!predicate(user.Get))
            {
                continue;
            }

            if (page.Count == top)
            {
                more = true;
                break;
            }

            page.Add(UserProperties.ToJson(user, select));
            last = user.Id;
        }

        var body = new JsonObject { ["@odata.context"] = $"{_baseUrl()}/$metadata#users" };
        if (count)
        {
            body["@odata.count"] = users.Count(u => predicate(u.Get));
        }

        body["value"] = page;
        if (more)
        {
            body["@odata.nextLink"] = Paging.NextLink(_baseUrl() + "/users", call, last!);
        }

        return GraphResult.Ok(body);
    }

    public GraphResult Get(GraphCall call, string key)
    {
        var (select, error) = UserProperties.ParseSelect(call.QueryValue("$select"));
        if (error is not null)
        {
            return error;
        }

        var user = _directory.FindUser(key);
        return user is null ? GraphResult.NotFound(key) : GraphResult.Ok(UserProperties.ToJson(user, select));
    }

    public GraphResult Create(GraphCall call)
    {
        var (props, error) = UserRules.ReadBody(call.Body);
        error ??= UserRules.CheckCreate(_directory, props!);
        if (error is not null)
        {
            return error;
        }

        var user = _directory.AddUser(props!, call.Caller.AppId);
        var json = UserProperties.ToJson(user, null);
        json["@odata.context"] = $"{_baseUrl()}/$metadata#users/$entity";
        return GraphResult.Created(json);
    }

    public GraphResult Update(GraphCall call, string key)
    {
        if (_directory.FindUser(key) is not { } user)
        {
            return GraphResult.NotFound(key);
        }

        var (props, error) = UserRules.ReadBody(call.Body);
        error ??= UserRules.CheckUpdate(_directory, user, props!);
        if (error is not null)
        {
            return error;
        }

        _directory.Apply(user, props!);
        return GraphResult.NoContent();
    }

    public GraphResult Delete(string key)
    {
        if (_directory.FindUser(key) is not { } user)
        {
            return GraphResult.NotFound(key);
        }

        _directory.RemoveUser(user);
        return GraphResult.NoContent();
    }
}
