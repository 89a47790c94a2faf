using System.Text.Json;
using System.Text.Json.Nodes;

namespace IdpFederation.Tests.Provisioning.GraphServer;

/// <summary>
/// /organization: read, and PATCH /organization/{id} {"onPremisesSyncEnabled": false} to turn directory
/// synchronisation off (Graph "Update organization"; entra-federation.md §6.6). Turning it off is not instant: Entra
/// takes up to 72 hours, the disable cannot be cancelled and must finish before sync can be turned back on, so the
/// organization keeps reading true until <see cref="GraphTestServerOptions.DirSyncDisableDuration"/> has passed on the
/// injected clock. Callers hold the directory lock and have settled the dirsync state.
/// </summary>
internal sealed class OrganizationApi
{
    private readonly GraphDirectory _directory;

    public OrganizationApi(GraphDirectory directory) => _directory = directory;

    public GraphResult List() => GraphResult.Ok(new JsonObject { ["value"] = new JsonArray(ToJson()) });

    public GraphResult Get(string id) => IsOurs(id) ? GraphResult.Ok(ToJson()) : GraphResult.NotFound(id);

    public GraphResult Update(GraphCall call, string id)
    {
        if (!IsOurs(id))
        {
            return GraphResult.NotFound(id);
        }

        if (call.Body is null)
        {
            return GraphResult.Error(400, "BadRequest", "Empty Payload. JSON content expected.");
        }

        bool? enable = null;
        foreach (var (name, value) in call.Body)
        {
            switch (name)
            {
                case "@odata.type" when value is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() == "#microsoft.graph.organization":
                    break;
                case "@odata.type":
                    return GraphResult.BadRequest($"A type named '{value}' could not be resolved by the model.");
                case "onPremisesSyncEnabled" when value is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False:
                    enable = v.GetValue<bool>();
                    break;
                case "onPremisesSyncEnabled":
                    return GraphResult.BadRequest("Invalid value specified for property 'onPremisesSyncEnabled' of resource 'Organization'.");
                case "marketingNotificationEmails" or "privacyProfile" or "securityComplianceNotificationMails" or "securityComplianceNotificationPhones" or "technicalNotificationMails":
                    // Writable on Graph, but nothing here needs them: refused so a test notices rather than a silent no-op.
                    return GraphResult.BadRequest($"Property '{name}' of resource 'Organization' is not implemented by the test server.");
                default:
                    return GraphResult.BadRequest($"Property '{name}' does not exist as a declared property or extension property.");
            }
        }

        if (enable == false)
        {
            // Idempotent: a second "off" while one runs neither fails nor restarts the 72 hours; "off" on a tenant
            // that is off, or was never synced (null), changes nothing (our choice: Graph's answer there is undocumented).
            if (_directory.OnPremisesSyncEnabled == true && _directory.DirSyncDisableRequestedAt is null)
            {
                _directory.DirSyncDisableRequestedAt = _directory.Now;
            }
        }
        else if (enable == true)
        {
            if (_directory.DirSyncDisableRequestedAt is { } at)
            {
                // Wording ours; the rule is Microsoft's ("must finish before re-enable", entra-federation.md §6.6).
                return GraphResult.BadRequest(
                    $"Directory synchronization is being disabled (requested {at:yyyy-MM-ddTHH:mm:ssZ}); the previous disable must complete before it can be enabled again. This can take up to 72 hours.");
            }

            _directory.OnPremisesSyncEnabled = true;
        }

        return GraphResult.NoContent();
    }

    private bool IsOurs(string id) => Guid.TryParse(id, out var guid) && guid == _directory.Options.TenantId;

    private JsonObject ToJson()
    {
        var domains = new JsonArray();
        foreach (var domain in _directory.Domains.Where(d => d.IsVerified))
        {
            domains.Add(new JsonObject
            {
                ["name"] = domain.Name,
                ["type"] = domain.AuthenticationType,
                ["isDefault"] = domain.Name == _directory.DefaultDomain,
                ["isInitial"] = domain.IsInitial,
                ["capabilities"] = "Email, OfficeCommunicationsOnline",
            });
        }

        return new JsonObject
        {
            ["id"] = _directory.Options.TenantId.ToString(),
            ["displayName"] = _directory.Options.OrganizationName,
            ["onPremisesSyncEnabled"] = _directory.OnPremisesSyncEnabled,
            ["verifiedDomains"] = domains,
        };
    }
}
