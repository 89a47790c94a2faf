using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace IdpFederation.Tests.Provisioning.GraphServer;

/// <summary>
/// /groups for security groups (Graph "Create group", "Add members", "Remove member"): create, list with $filter,
/// get, delete, and membership through $ref. Callers hold the directory lock.
/// </summary>
internal sealed partial class GroupsApi
{
    private static readonly HashSet<string> Filterable = new(StringComparer.Ordinal) { "id", "displayName", "mailNickname", "securityEnabled", "mailEnabled" };
    private static readonly string[] Required = ["displayName", "mailEnabled", "mailNickname", "securityEnabled"];
    private readonly GraphDirectory _directory;
    private readonly Func<string> _baseUrl;

    public GroupsApi(GraphDirectory directory, Func<string> baseUrl)
    {
        _directory = directory;
        _baseUrl = baseUrl;
    }

    public GraphResult List(GraphCall call)
    {
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
        var matches = _directory.Groups.Values.Where(g => (after is null || string.CompareOrdinal(g.Id, after) > 0) && predicate(g.Get)).Take(top + 1).ToList();
        var body = new JsonObject { ["value"] = new JsonArray(matches.Take(top).Select(g => (JsonNode)g.ToJson()).ToArray()) };
        if (matches.Count > top)
        {
            body["@odata.nextLink"] = Paging.NextLink(_baseUrl() + "/groups", call, matches[top - 1].Id);
        }

        return GraphResult.Ok(body);
    }

    public GraphResult Get(string id) => _directory.Groups.TryGetValue(id.ToLowerInvariant(), out var group) ? GraphResult.Ok(group.ToJson()) : GraphResult.NotFound(id);

    public GraphResult Create(GraphCall call)
    {
        if (call.Body is null)
        {
            return GraphResult.Error(400, "BadRequest", "Empty Payload. JSON content expected.");
        }

        var props = new JsonObject();
        var members = new List<string>();
        foreach (var (name, value) in call.Body)
        {
            switch (name)
            {
                case "@odata.type" when value?.GetValue<string>() == "#microsoft.graph.group":
                    break;
                case "displayName" or "mailNickname" or "description" when value is null || value.GetValueKind() == JsonValueKind.String:
                case "mailEnabled" or "securityEnabled" when value?.GetValueKind() is JsonValueKind.True or JsonValueKind.False:
                case "groupTypes" when value is JsonArray:
                    props[name] = value?.DeepClone();
                    break;
                case "members@odata.bind" when value is JsonArray binds:
                    foreach (var bind in binds)
                    {
                        if (ReferencedUser(bind?.GetValue<string>()) is not { } member)
                        {
                            return GraphResult.NotFound(bind?.ToString() ?? "");
                        }

                        members.Add(member.Id);
                    }

                    break;
                default:
                    return GraphResult.BadRequest($"Invalid value specified for property '{name}' of resource 'Group'.");
            }
        }

        foreach (var name in Required.Where(n => props[n] is null))
        {
            return GraphResult.BadRequest($"A value is required for property '{name}' of resource 'Group'.");
        }

        if (!MailNickname().IsMatch(props["mailNickname"]!.GetValue<string>()))
        {
            return GraphResult.BadRequest("Invalid value specified for property 'mailNickname' of resource 'Group'.");
        }

        var unified = (props["groupTypes"] as JsonArray ?? []).Any(t => t?.GetValue<string>() == "Unified");
        if (props["mailEnabled"]!.GetValue<bool>() && !unified)
        {
            // Mail-enabled security groups and distribution lists cannot be created through Graph (Create group, remarks).
            return GraphResult.BadRequest("Cannot create a mail-enabled security groups and or distribution list.");
        }

        var group = new DirectoryGroup(Guid.NewGuid().ToString(), _directory.Now);
        foreach (var (name, value) in props)
        {
            group.Props[name] = value?.DeepClone();
        }

        group.Members.AddRange(members.Distinct());
        _directory.Groups[group.Id] = group;
        return GraphResult.Created(group.ToJson());
    }

    public GraphResult Delete(string id) =>
        _directory.Groups.Remove(id.ToLowerInvariant()) ? GraphResult.NoContent() : GraphResult.NotFound(id);

    public GraphResult Members(GraphCall call, string id)
    {
        if (!_directory.Groups.TryGetValue(id.ToLowerInvariant(), out var group))
        {
            return GraphResult.NotFound(id);
        }

        var (top, topError) = Paging.Top(call, _directory.Options.DefaultPageSize);
        if (topError is not null)
        {
            return topError;
        }

        var start = call.QueryValue("$skiptoken") is { } skip && int.TryParse(skip, out var n) ? n : 0;
        var value = new JsonArray();
        foreach (var memberId in group.Members.Skip(start).Take(top))
        {
            var user = _directory.Users[memberId];
            value.Add(new JsonObject { ["@odata.type"] = "#microsoft.graph.user", ["id"] = user.Id, ["displayName"] = user.String("displayName"), ["userPrincipalName"] = user.UserPrincipalName });
        }

        var body = new JsonObject { ["@odata.context"] = $"{_baseUrl()}/$metadata#directoryObjects", ["value"] = value };
        if (start + top < group.Members.Count)
        {
            body["@odata.nextLink"] = Paging.NextLink($"{_baseUrl()}/groups/{group.Id}/members", call, (start + top).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return GraphResult.Ok(body);
    }

    /// <summary>POST /groups/{id}/members/$ref {"@odata.id":"https://graph.microsoft.com/v1.0/directoryObjects/{id}"}.</summary>
    public GraphResult AddMember(GraphCall call, string id)
    {
        if (!_directory.Groups.TryGetValue(id.ToLowerInvariant(), out var group))
        {
            return GraphResult.NotFound(id);
        }

        var reference = call.Body?["@odata.id"] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
        if (reference is null || call.Body!.Count != 1)
        {
            return GraphResult.BadRequest("Invalid object identifier: the body must be {\"@odata.id\": \"https://graph.microsoft.com/v1.0/directoryObjects/{id}\"}.");
        }

        if (ReferencedUser(reference) is not { } user)
        {
            return GraphResult.NotFound(reference[(reference.LastIndexOf('/') + 1)..]);
        }

        if (group.Members.Contains(user.Id))
        {
            return GraphResult.BadRequest("One or more added object references already exist for the following modified properties: 'members'.");
        }

        group.Members.Add(user.Id);
        return GraphResult.NoContent();
    }

    public GraphResult RemoveMember(string id, string memberId)
    {
        if (!_directory.Groups.TryGetValue(id.ToLowerInvariant(), out var group))
        {
            return GraphResult.NotFound(id);
        }

        return group.Members.Remove(memberId.ToLowerInvariant()) ? GraphResult.NoContent() : GraphResult.NotFound(memberId);
    }

    /// <summary>An absolute URL ending in /directoryObjects/{id} or /users/{id}, as Graph requires for references.</summary>
    private DirectoryUser? ReferencedUser(string? url)
    {
        if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return null;
        }

        var segments = uri.AbsolutePath.TrimEnd('/').Split('/');
        return segments.Length >= 2 && segments[^2] is "directoryObjects" or "users" && _directory.Users.TryGetValue(segments[^1].ToLowerInvariant(), out var user) ? user : null;
    }

    [GeneratedRegex(@"^[\x21-\x7E-[@()\\\[\]"";:<>,]]{1,64}$")]
    private static partial Regex MailNickname();
}
