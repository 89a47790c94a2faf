using System.Text.Json.Nodes;

namespace IdpFederation.Tests.Provisioning.GraphServer;

/// <summary>What tests read and change behind the engine's back: users, groups, licences, the request log, faults.</summary>
public sealed partial class GraphTestServer
{
    /// <summary>Every request in arrival order, batch items included (InBatch), token requests included.</summary>
    public IReadOnlyList<GraphRequestRecord> Requests
    {
        get
        {
            lock (_log)
            {
                return _log.ToArray();
            }
        }
    }

    /// <summary>Writes that passed the write quota (whatever their outcome), since start.</summary>
    public int WriteCount => _throttle.Taken;

    public IReadOnlyList<GraphTestUser> Users
    {
        get
        {
            lock (_directory.Gate)
            {
                _directory.SettleDirSync();
                return _directory.Users.Values.Select(GraphTestUser.From).ToArray();
            }
        }
    }

    public IReadOnlyList<GraphTestGroup> Groups
    {
        get
        {
            lock (_directory.Gate)
            {
                return _directory.Groups.Values.Select(g => new GraphTestGroup(g.Id, g.DisplayName, g.Props["mailNickname"]?.GetValue<string>(), g.Props["securityEnabled"]?.GetValue<bool>() ?? false, g.Members.ToArray())).ToArray();
            }
        }
    }

    /// <summary>By object ID or UPN (case-insensitive).</summary>
    public GraphTestUser? FindUser(string idOrUpn)
    {
        lock (_directory.Gate)
        {
            _directory.SettleDirSync();
            return _directory.FindUser(idOrUpn) is { } user ? GraphTestUser.From(user) : null;
        }
    }

    public int ConsumedUnits(Guid skuId)
    {
        lock (_directory.Gate)
        {
            return _directory.Consumed[skuId];
        }
    }

    /// <summary>The next <paramref name="count"/> Graph requests (not token requests) fail with <paramref name="status"/>.</summary>
    public void FailNext(int count, int status) => _faults.FailNext(count, status);

    /// <summary>This share of Graph requests, and of requests inside batches, fail with 503 (seeded by Options.Seed).</summary>
    public double Random503Rate
    {
        get => _faults.Random503Rate;
        set => _faults.Random503Rate = value;
    }

    /// <summary>Down: every request, token endpoint included, answers 503 until SetDown(false).</summary>
    public void SetDown(bool down) => _faults.Down = down;

    /// <summary>Sets organization.onPremisesSyncEnabled at once, as Entra Connect's setup would; ends any disable in progress.</summary>
    public void SetOrganizationSyncEnabled(bool? enabled)
    {
        lock (_directory.Gate)
        {
            _directory.OnPremisesSyncEnabled = enabled;
            _directory.DirSyncDisableRequestedAt = null;
        }
    }

    /// <summary>
    /// Adds a user as if made in the Microsoft 365 admin centre (cloud-only, or with an ImmutableID). Create rules still
    /// apply (verified domain, ImmutableID on federated domains, uniqueness), so the tenant stays one Graph could hold;
    /// licences are added without the usageLocation check only when <paramref name="usageLocation"/> is given.
    /// </summary>
    public string SeedUser(string userPrincipalName, string displayName, string? immutableId = null, string? usageLocation = null, bool accountEnabled = true, string? mail = null, IEnumerable<Guid>? skuIds = null)
    {
        var props = new JsonObject
        {
            ["accountEnabled"] = accountEnabled,
            ["displayName"] = displayName,
            ["mailNickname"] = userPrincipalName.Split('@')[0],
            ["userPrincipalName"] = userPrincipalName,
            ["passwordProfile"] = new JsonObject { ["password"] = "Seeded-Password-1!" },
        };
        if (immutableId is not null)
        {
            props["onPremisesImmutableId"] = immutableId;
        }

        if (usageLocation is not null)
        {
            props["usageLocation"] = usageLocation;
        }

        if (mail is not null)
        {
            props["mail"] = mail;
        }

        lock (_directory.Gate)
        {
            if (UserRules.CheckCreate(_directory, props) is { } error)
            {
                throw new InvalidOperationException("SeedUser: " + error.Body!["error"]!["message"]);
            }

            var user = _directory.AddUser(props, createdBy: null);
            foreach (var sku in skuIds ?? [])
            {
                if (usageLocation is null || !_directory.SkuUnits.TryGetValue(sku, out var units) || _directory.Consumed[sku] >= units)
                {
                    throw new InvalidOperationException($"SeedUser: SKU {sku} needs a usageLocation, must exist and have a free unit.");
                }

                user.Licenses[sku] = [];
                _directory.Consumed[sku]++;
            }

            return user.Id;
        }
    }

    /// <summary>Drift: sets a stored property without any rule (null removes it), as an admin or another tool might.</summary>
    public void SetUserProperty(string idOrUpn, string property, JsonNode? value)
    {
        lock (_directory.Gate)
        {
            var user = _directory.FindUser(idOrUpn) ?? throw new InvalidOperationException($"SetUserProperty: no user '{idOrUpn}'.");
            if (!UserProperties.TryCanonical(property, out var name) || UserProperties.KindOf(name) == UserProperties.Kind.ReadOnly)
            {
                throw new ArgumentException($"SetUserProperty: '{property}' is not a writable user property.", nameof(property));
            }

            _directory.Apply(user, new JsonObject { [name] = value?.DeepClone() });
        }
    }

    /// <summary>Drift: deletes a user as an admin would; it shows as @removed in the next delta round.</summary>
    public void DeleteUser(string idOrUpn)
    {
        lock (_directory.Gate)
        {
            _directory.RemoveUser(_directory.FindUser(idOrUpn) ?? throw new InvalidOperationException($"DeleteUser: no user '{idOrUpn}'."));
        }
    }

    /// <summary>Adds a security group, with members by user ID or UPN, as an admin would.</summary>
    public string SeedGroup(string displayName, string mailNickname, params string[] members)
    {
        lock (_directory.Gate)
        {
            var group = new DirectoryGroup(Guid.NewGuid().ToString(), _directory.Now);
            group.Props["displayName"] = displayName;
            group.Props["mailNickname"] = mailNickname;
            group.Props["mailEnabled"] = false;
            group.Props["securityEnabled"] = true;
            foreach (var member in members)
            {
                group.Members.Add((_directory.FindUser(member) ?? throw new InvalidOperationException($"SeedGroup: no user '{member}'.")).Id);
            }

            _directory.Groups[group.Id] = group;
            return group.Id;
        }
    }

    /// <summary>Drift on a group, as an admin would make it (description, mailNickname, displayName).</summary>
    public void SetGroupProperty(string groupId, string property, JsonNode? value)
    {
        lock (_directory.Gate)
        {
            var group = _directory.Groups.GetValueOrDefault(groupId) ?? throw new InvalidOperationException($"SetGroupProperty: no group '{groupId}'.");
            group.Props[property] = value?.DeepClone();
        }
    }
}

/// <summary>A snapshot of one user for assertions.</summary>
public sealed record GraphTestUser(
    string Id,
    string UserPrincipalName,
    string? DisplayName,
    string? MailNickname,
    bool AccountEnabled,
    string? OnPremisesImmutableId,
    string? UsageLocation,
    string? Mail,
    IReadOnlyList<string> ProxyAddresses,
    IReadOnlyList<Guid> AssignedSkuIds,
    string? CreatedByApp,
    JsonObject Properties)
{
    /// <summary>null for a cloud user; true while Entra Connect syncs it; false once sync was turned off.</summary>
    public bool? OnPremisesSyncEnabled { get; init; }

    public string PerUserMfaState { get; init; } = "disabled";

    internal static GraphTestUser From(DirectoryUser u) => new(
        u.Id, u.UserPrincipalName, u.String("displayName"), u.String("mailNickname"), u.Props["accountEnabled"]?.GetValue<bool>() ?? false,
        u.ImmutableId, u.UsageLocation, u.String("mail"), u.ProxyAddresses.ToArray(), u.Licenses.Keys.ToArray(), u.CreatedBy, (JsonObject)u.Props.DeepClone())
    {
        OnPremisesSyncEnabled = u.OnPremisesSyncEnabled,
        PerUserMfaState = u.PerUserMfaState,
    };
}

/// <summary>A snapshot of one group for assertions; members by user ID.</summary>
public sealed record GraphTestGroup(string Id, string DisplayName, string? MailNickname, bool SecurityEnabled, IReadOnlyList<string> MemberIds);
