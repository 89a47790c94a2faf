using System.Text.Json;
using System.Text.Json.Nodes;

namespace IdpFederation.Tests.Provisioning.GraphServer;

/// <summary>
/// /domains and /domains/{id} (Graph v1.0 "List domains", "Get domain", "Update domain"; entra-federation.md §5.1).
/// PATCH takes authenticationType and isDefault: "Managed" reverts a federated domain and drops its federation
/// configuration, as Update-MgDomain -AuthenticationType Managed does (§5.5). Callers hold the directory lock.
/// </summary>
internal sealed class DomainsApi
{
    private readonly GraphDirectory _directory;

    public DomainsApi(GraphDirectory directory) => _directory = directory;

    public GraphResult List()
    {
        var value = new JsonArray();
        foreach (var domain in _directory.Domains)
        {
            value.Add(ToJson(domain));
        }

        return GraphResult.Ok(new JsonObject { ["value"] = value });
    }

    public GraphResult Get(string id) => _directory.FindDomain(id) is { } domain ? GraphResult.Ok(ToJson(domain)) : GraphResult.NotFound(id);

    public GraphResult Update(GraphCall call, string id)
    {
        if (_directory.FindDomain(id) is not { } domain)
        {
            return GraphResult.NotFound(id);
        }

        if (call.Body is null)
        {
            return GraphResult.Error(400, "BadRequest", "Empty Payload. JSON content expected.");
        }

        string? authenticationType = null;
        var makeDefault = false;
        foreach (var (name, value) in call.Body)
        {
            var text = value is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
            switch (name)
            {
                case "@odata.type" when text == "#microsoft.graph.domain":
                    break;
                case "@odata.type":
                    return GraphResult.BadRequest($"A type named '{value}' could not be resolved by the model.");
                case "authenticationType" when string.Equals(text, "Managed", StringComparison.OrdinalIgnoreCase) || string.Equals(text, "Federated", StringComparison.OrdinalIgnoreCase):
                    // A string property on Graph, not an enum; matched ignoring case (our choice), stored as Graph spells it.
                    authenticationType = string.Equals(text, "Managed", StringComparison.OrdinalIgnoreCase) ? "Managed" : "Federated";
                    break;
                case "authenticationType":
                    return GraphResult.BadRequest("Invalid value specified for property 'authenticationType' of resource 'Domain'.");
                case "isDefault" when value is JsonValue b && b.GetValueKind() == JsonValueKind.True:
                    makeDefault = true;
                    break;
                case "isDefault":
                    // A tenant always has one default domain: it moves by making another domain default (our reading).
                    return GraphResult.BadRequest("Invalid value specified for property 'isDefault' of resource 'Domain': set isDefault true on another domain instead.");
                case "id" or "isInitial" or "isRoot" or "isVerified" or "isAdminManaged" or "state" or "availabilityStatus":
                    return GraphResult.BadRequest($"Property '{name}' is read-only and cannot be set.");
                case "passwordValidityPeriodInDays" or "passwordNotificationWindowInDays" or "supportedServices":
                    return GraphResult.BadRequest($"Property '{name}' of resource 'Domain' is not implemented by the test server.");
                default:
                    return GraphResult.BadRequest($"Property '{name}' does not exist as a declared property or extension property.");
            }
        }

        // "Only verified domains can be updated" (Graph "Update domain").
        if (!domain.IsVerified)
        {
            return GraphResult.BadRequest(FederationRules.OnlyVerified);
        }

        if (authenticationType == "Federated" && !domain.Federated)
        {
            // Federating takes a configuration (issuer, sign-in URL, certificate); wording ours.
            return FederationRules.CheckFederatable(_directory, domain) ?? GraphResult.BadRequest(
                $"Domain '{domain.Name}' has no federation configuration: create one with POST /domains/{domain.Name}/federationConfiguration to federate it.");
        }

        if (authenticationType == "Managed" && domain.Federated)
        {
            if (domain.Root is { } root)
            {
                return GraphResult.BadRequest(FederationRules.Subdomain(domain, root));
            }

            GraphDirectory.RemoveFederation(domain);
        }

        if (makeDefault)
        {
            _directory.DefaultDomain = domain.Name;
        }

        return GraphResult.NoContent();
    }

    private JsonObject ToJson(DirectoryDomain domain) => new()
    {
        ["id"] = domain.Name,
        ["authenticationType"] = domain.AuthenticationType,
        ["availabilityStatus"] = null,
        ["isAdminManaged"] = true,
        ["isDefault"] = domain.Name == _directory.DefaultDomain,
        ["isInitial"] = domain.IsInitial,
        ["isRoot"] = domain.IsRoot,
        ["isVerified"] = domain.IsVerified,
        ["passwordNotificationWindowInDays"] = 14,
        ["passwordValidityPeriodInDays"] = 90,
        ["supportedServices"] = domain.IsVerified ? new JsonArray("Email", "OfficeCommunicationsOnline") : new JsonArray(),
        ["state"] = null,
    };
}
