using System.Runtime.InteropServices;
using System.Text.Json.Nodes;

namespace IdpFederation.Tests.Provisioning.GraphServer;

/// <summary>
/// The tenant's directory: users, groups, licence consumption and the change sequence behind delta queries. Every
/// read and write happens under <see cref="Gate"/>; handlers take it once per request, so a request is atomic.
/// Indexes keep lookups O(1) for the 10,000-user benchmark: UPN (case-insensitive), ImmutableID (case-sensitive, as
/// Entra matches it) and SMTP proxy address (case-insensitive).
/// </summary>
internal sealed class GraphDirectory
{
    private readonly Dictionary<string, DirectoryUser> _byUpn = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, DirectoryUser> _byImmutableId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DirectoryUser> _byProxy = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, List<DirectoryUser>> _byImmutableIdIgnoringCase = new(StringComparer.OrdinalIgnoreCase);

    public GraphDirectory(GraphTestServerOptions options)
    {
        Options = options;
        OnPremisesSyncEnabled = options.OnPremisesSyncEnabled;
        SecurityDefaultsEnabled = options.SecurityDefaultsEnabled;
        Domains.Add(new DirectoryDomain(options.InitialDomain, isVerified: true, isInitial: true));
        foreach (var domain in options.Domains)
        {
            if (FindDomain(domain.Name) is not null)
            {
                throw new ArgumentException($"Domain '{domain.Name}' is listed twice.", nameof(options));
            }

            Domains.Add(new DirectoryDomain(domain.Name, domain.IsVerified, isInitial: false));
        }

        foreach (var domain in Domains)
        {
            domain.Root = Domains.Where(d => d != domain && domain.Name.EndsWith("." + d.Name, StringComparison.OrdinalIgnoreCase)).MinBy(d => d.Name.Length);
        }

        DefaultDomain = FindDomain(options.DefaultDomain ?? options.InitialDomain) is { IsVerified: true } defaultDomain
            ? defaultDomain.Name
            : throw new ArgumentException($"DefaultDomain '{options.DefaultDomain}' must be a verified domain of the tenant.", nameof(options));
        foreach (var domain in options.Domains.Where(d => d.Federated))
        {
            var stored = FindDomain(domain.Name)!;
            if (stored.Root is null)
            {
                // A subdomain listed as federated is federated through its root; only roots carry a configuration.
                SetFederation(stored, Guid.NewGuid().ToString(), GraphTestFederation.Seeded(stored.Name).ToProperties());
            }
        }

        foreach (var sku in options.Skus)
        {
            SkuUnits[sku.SkuId] = sku.EnabledUnits;
            Consumed[sku.SkuId] = 0;
        }
    }

    public object Gate { get; } = new();

    public GraphTestServerOptions Options { get; }

    /// <summary>organization.onPremisesSyncEnabled as stored; while a disable runs it stays true (see DirSync).</summary>
    public bool? OnPremisesSyncEnabled { get; set; }

    /// <summary>When a PATCH turned directory sync off, while that disable is still running; null otherwise.</summary>
    public DateTimeOffset? DirSyncDisableRequestedAt { get; set; }

    public bool SecurityDefaultsEnabled { get; set; }

    /// <summary>The tenant's domains, the initial one first, then in the order of the options.</summary>
    public List<DirectoryDomain> Domains { get; } = [];

    public string DefaultDomain { get; set; }

    public DirectoryDomain? FindDomain(string name) => Domains.FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Stores a (validated) federation configuration on a root domain, which makes it Federated.</summary>
    public void SetFederation(DirectoryDomain domain, string id, JsonObject props)
    {
        domain.FederationId = id;
        domain.Federation = props;
        domain.CertificatesUpdatedAt = Now;
    }

    public static void RemoveFederation(DirectoryDomain domain)
    {
        domain.FederationId = null;
        domain.Federation = null;
        domain.CertificatesUpdatedAt = null;
    }

    /// <summary>
    /// Completes a directory-sync disable once <see cref="GraphTestServerOptions.DirSyncDisableDuration"/> has passed:
    /// the organization and the users it synchronised then read false ("was synced, no longer"). Called before every
    /// request and every inspection, so the change shows the moment the injected clock passes it (no timers).
    /// </summary>
    public void SettleDirSync()
    {
        if (DirSyncDisableRequestedAt is { } at && Now >= at + Options.DirSyncDisableDuration)
        {
            DirSyncDisableRequestedAt = null;
            OnPremisesSyncEnabled = false;
            foreach (var user in Users.Values.Where(u => u.OnPremisesSyncEnabled == true))
            {
                user.OnPremisesSyncEnabled = false;
                user.Sequence = NextSequence();
            }
        }
    }

    public SortedDictionary<string, DirectoryUser> Users { get; } = new(StringComparer.Ordinal);

    public SortedDictionary<string, DirectoryGroup> Groups { get; } = new(StringComparer.Ordinal);

    public Dictionary<Guid, int> SkuUnits { get; } = [];

    public Dictionary<Guid, int> Consumed { get; } = [];

    /// <summary>Deleted users with the sequence of their deletion, for @removed in delta rounds.</summary>
    public List<(string Id, long Sequence)> Tombstones { get; } = [];

    public long Sequence { get; private set; }

    public DateTimeOffset Now => Options.TimeProvider.GetUtcNow();

    public long NextSequence() => ++Sequence;

    /// <summary>The verified domain of a UPN or address, or null; the initial domain is verified and managed.</summary>
    public DirectoryDomain? DomainOf(string address)
    {
        var at = address.LastIndexOf('@');
        return FindDomain(at < 0 ? address : address[(at + 1)..]) is { IsVerified: true } domain ? domain : null;
    }

    /// <summary>By object ID, else by UPN: Graph accepts either in /users/{id | userPrincipalName}.</summary>
    public DirectoryUser? FindUser(string key) =>
        Users.TryGetValue(key.ToLowerInvariant(), out var user) ? user : _byUpn.GetValueOrDefault(key);

    public DirectoryUser? FindByImmutableId(string immutableId) => _byImmutableId.GetValueOrDefault(immutableId);

    /// <summary>
    /// Users a $filter equality on an indexed property can match (a superset: the filter still runs on each), or null
    /// when the property has no index. String comparison in $filter ignores case, so these lookups do too.
    /// </summary>
    public IEnumerable<DirectoryUser>? Candidates(string property, IEnumerable<string> values) => property.ToUpperInvariant() switch
    {
        "ID" => values.Select(v => Users.GetValueOrDefault(v.ToLowerInvariant())).OfType<DirectoryUser>(),
        "USERPRINCIPALNAME" => values.Select(FindByUpn).OfType<DirectoryUser>(),
        "ONPREMISESIMMUTABLEID" => values.SelectMany(v => _byImmutableIdIgnoringCase.GetValueOrDefault(v) ?? []),
        "MAIL" => values.Select(FindByProxy).OfType<DirectoryUser>(),
        _ => null,
    };

    public DirectoryUser? FindByUpn(string upn) => _byUpn.GetValueOrDefault(upn);

    public DirectoryUser? FindByProxy(string address) => _byProxy.GetValueOrDefault(address);

    public DirectoryUser AddUser(JsonObject props, string? createdBy)
    {
        var user = new DirectoryUser(Guid.NewGuid().ToString(), Now) { CreatedBy = createdBy };
        Users[user.Id] = user;
        Apply(user, props);
        return user;
    }

    /// <summary>Writes properties (already validated) and keeps the indexes and proxyAddresses in step.</summary>
    public void Apply(DirectoryUser user, JsonObject props)
    {
        foreach (var (name, value) in props)
        {
            switch (name)
            {
                case "userPrincipalName":
                    if (user.Props[name] is not null)
                    {
                        _byUpn.Remove(user.UserPrincipalName);
                    }

                    _byUpn[value!.GetValue<string>()] = user;
                    break;
                case "onPremisesImmutableId":
                    if (user.ImmutableId is { } old)
                    {
                        _byImmutableId.Remove(old);
                        _byImmutableIdIgnoringCase[old].Remove(user);
                    }

                    if (value?.GetValue<string>() is { } id)
                    {
                        _byImmutableId[id] = user;
                        CollectionsMarshal.GetValueRefOrAddDefault(_byImmutableIdIgnoringCase, id, out _) ??= [];
                        _byImmutableIdIgnoringCase[id].Add(user);
                    }

                    break;
                case "mail" when value?.GetValue<string>() is { } mail:
                    SetPrimarySmtp(user, mail);
                    break;
            }

            user.Props[name] = value?.DeepClone();
        }

        user.Sequence = NextSequence();
    }

    public void RemoveUser(DirectoryUser user)
    {
        Users.Remove(user.Id);
        _byUpn.Remove(user.UserPrincipalName);
        if (user.ImmutableId is { } id)
        {
            _byImmutableId.Remove(id);
            _byImmutableIdIgnoringCase[id].Remove(user);
        }

        foreach (var address in user.ProxyAddresses)
        {
            _byProxy.Remove(address[5..]);
        }

        foreach (var sku in user.Licenses.Keys)
        {
            Consumed[sku]--;
        }

        foreach (var group in Groups.Values)
        {
            group.Members.Remove(user.Id);
        }

        Tombstones.Add((user.Id, NextSequence()));
    }

    /// <summary>Setting mail makes it the primary SMTP address; the previous primary stays as a secondary (Graph user resource, mail).</summary>
    private void SetPrimarySmtp(DirectoryUser user, string mail)
    {
        for (var i = 0; i < user.ProxyAddresses.Count; i++)
        {
            user.ProxyAddresses[i] = "smtp:" + user.ProxyAddresses[i][5..];
        }

        user.ProxyAddresses.RemoveAll(p => string.Equals(p[5..], mail, StringComparison.OrdinalIgnoreCase));
        user.ProxyAddresses.Insert(0, "SMTP:" + mail);
        _byProxy[mail] = user;
    }
}
