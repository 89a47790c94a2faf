using System.Text.Json.Nodes;

namespace IdpFederation.Tests.Provisioning.GraphServer;

/// <summary>
/// /domains/{id}/federationConfiguration[/{fid}] (entra-federation.md §5.3): list (zero or one object), create (201,
/// the domain becomes Federated), get, update (200 with the object) and delete (204, the domain becomes Managed).
/// Rules in <see cref="FederationRules"/>. Callers hold the directory lock.
/// </summary>
internal sealed class FederationApi
{
    private readonly GraphDirectory _directory;
    private readonly Func<string> _baseUrl;

    public FederationApi(GraphDirectory directory, Func<string> baseUrl)
    {
        _directory = directory;
        _baseUrl = baseUrl;
    }

    public GraphResult List(string domainId)
    {
        if (_directory.FindDomain(domainId) is not { } domain)
        {
            return GraphResult.NotFound(domainId);
        }

        var value = new JsonArray();
        if (domain.Federation is not null)
        {
            value.Add(ToJson(domain));
        }

        return GraphResult.Ok(new JsonObject { ["@odata.context"] = $"{_baseUrl()}/$metadata#domains('{domain.Name}')/federationConfiguration", ["value"] = value });
    }

    public GraphResult Get(string domainId, string federationId) =>
        Find(domainId, federationId, out var domain) ?? GraphResult.Ok(ToJson(domain!));

    public GraphResult Create(GraphCall call, string domainId)
    {
        if (_directory.FindDomain(domainId) is not { } domain)
        {
            return GraphResult.NotFound(domainId);
        }

        var (props, error) = FederationRules.ReadBody(call.Body, creating: true);
        if (error is not null)
        {
            return error;
        }

        if (FederationRules.CheckFederatable(_directory, domain) is { } refused)
        {
            return refused;
        }

        if (domain.Federation is not null)
        {
            // "This API returns only one object in the collection" (§5.4); the status and wording are ours.
            return GraphResult.Error(409, "Conflict", $"Domain '{domain.Name}' already has a federation configuration ('{domain.FederationId}'); update or delete it instead.");
        }

        var merged = WithoutNulls(props!);
        if (FederationRules.CheckMerged(_directory, domain, merged) is { } invalid)
        {
            return invalid;
        }

        _directory.SetFederation(domain, Guid.NewGuid().ToString(), merged);
        var json = ToJson(domain);
        json["@odata.context"] = $"{_baseUrl()}/$metadata#domains('{domain.Name}')/federationConfiguration/$entity";
        return GraphResult.Created(json);
    }

    public GraphResult Update(GraphCall call, string domainId, string federationId)
    {
        if (Find(domainId, federationId, out var domain) is { } missing)
        {
            return missing;
        }

        var (props, error) = FederationRules.ReadBody(call.Body, creating: false);
        if (error is not null)
        {
            return error;
        }

        var merged = (JsonObject)domain!.Federation!.DeepClone();
        foreach (var (name, value) in props!)
        {
            merged[name] = value?.DeepClone();
        }

        merged = WithoutNulls(merged);
        if (FederationRules.CheckMerged(_directory, domain, merged) is { } invalid)
        {
            return invalid;
        }

        var certificatesChanged = props.ContainsKey("signingCertificate") || props.ContainsKey("nextSigningCertificate");
        domain.Federation = merged;
        if (certificatesChanged)
        {
            domain.CertificatesUpdatedAt = _directory.Now;
        }

        return GraphResult.Ok(ToJson(domain));
    }

    public GraphResult Delete(string domainId, string federationId)
    {
        if (Find(domainId, federationId, out var domain) is { } missing)
        {
            return missing;
        }

        GraphDirectory.RemoveFederation(domain!);
        return GraphResult.NoContent();
    }

    private GraphResult? Find(string domainId, string federationId, out DirectoryDomain? domain)
    {
        domain = _directory.FindDomain(domainId);
        if (domain is null)
        {
            return GraphResult.NotFound(domainId);
        }

        return string.Equals(domain.FederationId, federationId, StringComparison.OrdinalIgnoreCase) ? null : GraphResult.NotFound(federationId);
    }

    private static JsonObject WithoutNulls(JsonObject props)
    {
        var copy = new JsonObject();
        foreach (var (name, value) in props.Where(p => p.Value is not null))
        {
            copy[name] = value!.DeepClone();
        }

        return copy;
    }

    /// <summary>
    /// The object as Graph returns it: every §5.2 property, null when unset. signingCertificateUpdateStatus reports the
    /// last time certificates were set here as a successful run (our model of Entra's rollover job, which this server
    /// does not run).
    /// </summary>
    public static JsonObject ToJson(DirectoryDomain domain)
    {
        var stored = domain.Federation!;
        var json = new JsonObject { ["@odata.type"] = "#microsoft.graph.internalDomainFederation", ["id"] = domain.FederationId };
        foreach (var name in new[]
        {
            "displayName", "issuerUri", "metadataExchangeUri", "signingCertificate", "passiveSignInUri", "preferredAuthenticationProtocol",
            "activeSignInUri", "signOutUri", "promptLoginBehavior", "isSignedAuthenticationRequestRequired", "nextSigningCertificate",
            "federatedIdpMfaBehavior", "passwordResetUri",
        })
        {
            json[name] = stored[name]?.DeepClone();
        }

        json["signingCertificateUpdateStatus"] = new JsonObject
        {
            ["certificateUpdateResult"] = "success",
            ["lastRunDateTime"] = domain.CertificatesUpdatedAt?.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", System.Globalization.CultureInfo.InvariantCulture),
        };
        return json;
    }
}
