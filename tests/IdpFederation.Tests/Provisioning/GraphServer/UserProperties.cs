using System.Text.Json.Nodes;

namespace IdpFederation.Tests.Provisioning.GraphServer;

/// <summary>
/// The user properties the test server knows (Graph v1.0 "user resource type"): their JSON kind, whether a client may
/// write them, and whether GET returns them without $select. onPremisesImmutableId, usageLocation, accountEnabled and
/// assignedLicenses come back only when selected, as on Graph.
/// </summary>
internal static class UserProperties
{
    public enum Kind { String, Boolean, StringArray, PasswordProfile, ReadOnly }

    private static readonly Dictionary<string, Kind> Known = new(StringComparer.OrdinalIgnoreCase)
    {
        ["accountEnabled"] = Kind.Boolean,
        ["displayName"] = Kind.String,
        ["mailNickname"] = Kind.String,
        ["passwordProfile"] = Kind.PasswordProfile,
        ["userPrincipalName"] = Kind.String,
        ["onPremisesImmutableId"] = Kind.String,
        ["usageLocation"] = Kind.String,
        ["mail"] = Kind.String,
        ["givenName"] = Kind.String,
        ["surname"] = Kind.String,
        ["jobTitle"] = Kind.String,
        ["department"] = Kind.String,
        ["companyName"] = Kind.String,
        ["officeLocation"] = Kind.String,
        ["mobilePhone"] = Kind.String,
        ["businessPhones"] = Kind.StringArray,
        ["otherMails"] = Kind.StringArray,
        ["city"] = Kind.String,
        ["country"] = Kind.String,
        ["state"] = Kind.String,
        ["streetAddress"] = Kind.String,
        ["postalCode"] = Kind.String,
        ["preferredLanguage"] = Kind.String,
        ["employeeId"] = Kind.String,
        ["userType"] = Kind.String,
        ["id"] = Kind.ReadOnly,
        ["proxyAddresses"] = Kind.ReadOnly,
        ["assignedLicenses"] = Kind.ReadOnly,
        ["createdDateTime"] = Kind.ReadOnly,
        ["onPremisesSyncEnabled"] = Kind.ReadOnly,
    };

    private static readonly Dictionary<string, string> Canonical = Known.Keys.ToDictionary(k => k, k => k, StringComparer.OrdinalIgnoreCase);

    public static readonly string[] Default =
        ["businessPhones", "displayName", "givenName", "jobTitle", "mail", "mobilePhone", "officeLocation", "preferredLanguage", "surname", "userPrincipalName", "id"];

    public static bool TryCanonical(string name, out string canonical) => Canonical.TryGetValue(name, out canonical!);

    public static Kind KindOf(string canonical) => Known[canonical];

    /// <summary>The property names of a $select, canonical; an unknown one is named in the error, as Graph does.</summary>
    public static (string[]? Names, GraphResult? Error) ParseSelect(string? select)
    {
        if (select is null)
        {
            return (null, null);
        }

        var names = new List<string>();
        foreach (var raw in select.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!TryCanonical(raw, out var name) && !string.Equals(raw, "passwordProfile", StringComparison.OrdinalIgnoreCase))
            {
                return (null, GraphResult.Error(400, "Request_BadRequest", $"Could not find a property named '{raw}' on type 'microsoft.graph.user'."));
            }

            names.Add(name);
        }

        return (names.ToArray(), null);
    }

    /// <summary>A user as Graph returns it: the selected (or default) properties, null when unset, [] for collections.</summary>
    public static JsonObject ToJson(DirectoryUser user, string[]? select, bool alwaysId = false)
    {
        var json = new JsonObject();
        if (alwaysId && (select is null || !select.Contains("id")))
        {
            json["id"] = user.Id;
        }

        foreach (var name in select ?? Default)
        {
            json[name] = name switch
            {
                "id" => user.Id,
                "passwordProfile" => null,
                "assignedLicenses" => new JsonArray(user.Licenses.Select(l => (JsonNode)new JsonObject
                {
                    ["skuId"] = l.Key.ToString(),
                    ["disabledPlans"] = new JsonArray(l.Value.Select(p => (JsonNode)JsonValue.Create(p.ToString())).ToArray()),
                }).ToArray()),
                "proxyAddresses" => new JsonArray(user.ProxyAddresses.Select(p => (JsonNode)JsonValue.Create(p)).ToArray()),
                "createdDateTime" => user.Created.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
                "onPremisesSyncEnabled" => user.OnPremisesSyncEnabled,
                _ => user.Props[name]?.DeepClone() ?? (KindOf(name) == Kind.StringArray ? new JsonArray() : null),
            };
        }

        return json;
    }
}
