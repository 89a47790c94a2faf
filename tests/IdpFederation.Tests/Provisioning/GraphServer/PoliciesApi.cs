using System.Text.Json.Nodes;

namespace IdpFederation.Tests.Provisioning.GraphServer;

/// <summary>
/// Tenant MFA settings that `federation check` warns about: security defaults (Graph v1.0 "Get
/// identitySecurityDefaultsEnforcementPolicy") and a user's per-user MFA state (Graph beta "Get authentication
/// requirements", GET /beta/users/{id | userPrincipalName}/authentication/requirements, strongAuthenticationRequirements).
/// Callers hold the directory lock.
/// </summary>
internal sealed class PoliciesApi
{
    /// <summary>The policy's fixed ID and Microsoft's description, as Graph's example response shows them.</summary>
    private const string SecurityDefaultsId = "00000000-0000-0000-0000-000000000005";

    private const string SecurityDefaultsDescription =
        "Security defaults is a set of basic identity security mechanisms recommended by Microsoft. When enabled, these recommendations will be automatically enforced in your organization. Administrators and users will be better protected from common identity related attacks.";

    private readonly GraphDirectory _directory;
    private readonly Func<string> _baseUrl;

    public PoliciesApi(GraphDirectory directory, Func<string> baseUrl)
    {
        _directory = directory;
        _baseUrl = baseUrl;
    }

    public GraphResult SecurityDefaults() => GraphResult.Ok(new JsonObject
    {
        ["@odata.context"] = $"{_baseUrl()}/$metadata#policies/identitySecurityDefaultsEnforcementPolicy/$entity",
        ["@odata.type"] = "#microsoft.graph.identitySecurityDefaultsEnforcementPolicy",
        ["id"] = SecurityDefaultsId,
        ["displayName"] = "Security Defaults",
        ["description"] = SecurityDefaultsDescription,
        ["isEnabled"] = _directory.SecurityDefaultsEnabled,
    });

    /// <summary>GET /beta/users/{key}/authentication/requirements → {"perUserMfaState": "disabled" | "enabled" | "enforced"}.</summary>
    public GraphResult AuthenticationRequirements(string betaBaseUrl, string key)
    {
        if (_directory.FindUser(key) is not { } user)
        {
            return GraphResult.NotFound(key);
        }

        return GraphResult.Ok(new JsonObject
        {
            ["@odata.context"] = $"{betaBaseUrl}/$metadata#users('{user.Id}')/authentication/requirements",
            ["perUserMfaState"] = user.PerUserMfaState,
        });
    }
}
