using System.Text.Json.Nodes;

namespace IdpFederation.Tests.Provisioning.GraphServer;

/// <summary>A user in the test tenant. Only <see cref="GraphDirectory"/> changes it, under its lock.</summary>
internal sealed class DirectoryUser
{
    public DirectoryUser(string id, DateTimeOffset created)
    {
        Id = id;
        Created = created;
    }

    public string Id { get; }

    public DateTimeOffset Created { get; }

    /// <summary>Writable properties by canonical name (UserProperties), as last written.</summary>
    public JsonObject Props { get; } = [];

    public List<string> ProxyAddresses { get; } = [];

    /// <summary>Assigned SKUs with their disabled plans.</summary>
    public Dictionary<Guid, List<Guid>> Licenses { get; } = [];

    /// <summary>The directory change sequence of the last change, for delta queries.</summary>
    public long Sequence { get; set; }

    /// <summary>onPremisesSyncEnabled: null for cloud users, true while Entra Connect syncs it, false once no longer.</summary>
    public bool? OnPremisesSyncEnabled { get; set; }

    /// <summary>Per-user MFA (beta strongAuthenticationRequirements.perUserMfaState): disabled, enabled or enforced.</summary>
    public string PerUserMfaState { get; set; } = "disabled";

    /// <summary>The user's row in the registration details report; null reports nothing registered.</summary>
    public GraphTestRegistration? Registration { get; set; }

    /// <summary>The app that created it, or null for a user seeded by the test.</summary>
    public string? CreatedBy { get; init; }

    public string UserPrincipalName => Props["userPrincipalName"]!.GetValue<string>();

    public string? ImmutableId => Props["onPremisesImmutableId"]?.GetValue<string>();

    public string? UsageLocation => Props["usageLocation"]?.GetValue<string>();

    public string? String(string name) => Props[name]?.GetValue<string>();

    /// <summary>A property for $filter: id and the stored ones.</summary>
    public JsonNode? Get(string name) => name == "id" ? JsonValue.Create(Id) : Props[name];
}

/// <summary>A security group in the test tenant, with its members in the order they were added.</summary>
internal sealed class DirectoryGroup
{
    public DirectoryGroup(string id, DateTimeOffset created)
    {
        Id = id;
        Created = created;
    }

    public string Id { get; }

    public DateTimeOffset Created { get; }

    public JsonObject Props { get; } = [];

    public List<string> Members { get; } = [];

    public string DisplayName => Props["displayName"]!.GetValue<string>();

    public JsonNode? Get(string name) => name == "id" ? JsonValue.Create(Id) : Props[name];

    public JsonObject ToJson()
    {
        var json = new JsonObject { ["id"] = Id, ["createdDateTime"] = Created.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture) };
        foreach (var name in new[] { "displayName", "description", "mailNickname", "mailEnabled", "securityEnabled", "groupTypes" })
        {
            json[name] = Props[name]?.DeepClone() ?? (name == "groupTypes" ? new JsonArray() : null);
        }

        return json;
    }
}
