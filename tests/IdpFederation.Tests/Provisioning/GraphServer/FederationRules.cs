using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace IdpFederation.Tests.Provisioning.GraphServer;

/// <summary>
/// The documented rules for a domain's internalDomainFederation (entra-federation.md §5.2–§5.4, Graph "Create
/// internalDomainFederation", "Update internalDomainFederation"): which domains may be federated, required properties,
/// property kinds, Graph's enum values, absolute https endpoints, parseable X.509 certificates and an issuer URI no
/// other domain uses. Graph's own texts for these refusals are not published: the wording here is ours, written in
/// Graph's style ("Invalid value specified for property 'x' of resource 'InternalDomainFederation'."), except
/// "Only verified domains can be updated." (Graph "Update domain").
/// </summary>
internal static class FederationRules
{
    public const string Resource = "InternalDomainFederation";

    public const string OnlyVerified = "Only verified domains can be updated.";

    private static readonly string[] Required = ["issuerUri", "passiveSignInUri", "signingCertificate"];

    private static readonly Dictionary<string, string[]> Enums = new(StringComparer.Ordinal)
    {
        // unknownFutureValue is the SDK's evolvable-enum sentinel, not a setting: refused (our choice).
        ["preferredAuthenticationProtocol"] = ["wsFed", "saml"],
        ["federatedIdpMfaBehavior"] = ["acceptIfMfaDoneByFederatedIdp", "enforceMfaByFederatedIdp", "rejectMfaByFederatedIdp"],
        ["promptLoginBehavior"] = ["translateToFreshPasswordAuthentication", "nativeSupport", "disabled"],
    };

    /// <summary>Endpoints Entra sends browsers and clients to: absolute https (our rule; Graph documents them as URIs).</summary>
    private static readonly string[] HttpsUris = ["passiveSignInUri", "activeSignInUri", "signOutUri", "metadataExchangeUri", "passwordResetUri"];

    private static readonly string[] Certificates = ["signingCertificate", "nextSigningCertificate"];

    private static readonly string[] Strings = ["displayName", "issuerUri", .. HttpsUris, .. Certificates, .. Enums.Keys];

    public static string Subdomain(DirectoryDomain domain, DirectoryDomain root) =>
        $"Domain '{domain.Name}' is a subdomain (isRoot is false) and follows the federation settings of its root domain '{root.Name}'; promote it to a root domain to configure it on its own.";

    /// <summary>Whether a domain may carry a federation configuration at all (§5.4), or the refusal.</summary>
    public static GraphResult? CheckFederatable(GraphDirectory directory, DirectoryDomain domain)
    {
        if (!domain.IsVerified)
        {
            return GraphResult.BadRequest(OnlyVerified);
        }

        if (domain.IsInitial)
        {
            return GraphResult.BadRequest($"Domain '{domain.Name}' is the initial domain of the tenant; the initial domain cannot be federated.");
        }

        if (domain.Name == directory.DefaultDomain)
        {
            return GraphResult.BadRequest($"Domain '{domain.Name}' is the default domain of the tenant; federating the default domain is not allowed. Make another domain the default first.");
        }

        if (domain.Root is { } root)
        {
            return GraphResult.BadRequest(Subdomain(domain, root));
        }

        return null;
    }

    /// <summary>
    /// Reads a create or update body into properties to merge (JSON null clears an optional one). signingCertificateUpdateStatus
    /// is accepted and ignored: its members are read-only (Graph's request table lists it anyway).
    /// </summary>
    public static (JsonObject? Props, GraphResult? Error) ReadBody(JsonObject? body, bool creating)
    {
        if (body is null)
        {
            return (null, GraphResult.Error(400, "BadRequest", "Empty Payload. JSON content expected."));
        }

        var typed = false;
        var props = new JsonObject();
        foreach (var (name, value) in body)
        {
            if (name == "@odata.type")
            {
                if (value is not JsonValue t || t.GetValueKind() != JsonValueKind.String || t.GetValue<string>() != "#microsoft.graph.internalDomainFederation")
                {
                    return (null, GraphResult.BadRequest($"A type named '{value}' could not be resolved by the model."));
                }

                typed = true;
            }
            else if (name == "signingCertificateUpdateStatus")
            {
                continue;
            }
            else if (name == "isSignedAuthenticationRequestRequired")
            {
                if (value is not null && value.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
                {
                    return (null, Invalid(name));
                }

                props[name] = value?.DeepClone();
            }
            else if (Strings.Contains(name))
            {
                if (value is not null && value.GetValueKind() != JsonValueKind.String)
                {
                    return (null, Invalid(name));
                }

                props[name] = value?.DeepClone();
            }
            else if (name is "id")
            {
                return (null, GraphResult.BadRequest("Property 'id' is read-only and cannot be set."));
            }
            else
            {
                return (null, GraphResult.BadRequest($"Property '{name}' does not exist as a declared property or extension property."));
            }
        }

        // identityProviderBase is abstract on Graph's side: the create body names the concrete type (§5.3 example).
        if (creating && !typed)
        {
            return (null, GraphResult.BadRequest("The '@odata.type' annotation '#microsoft.graph.internalDomainFederation' is required in the request body to create a federation configuration."));
        }

        return (props, null);
    }

    /// <summary>Checks the configuration a create or update would leave behind (stored merged with the request).</summary>
    public static GraphResult? CheckMerged(GraphDirectory directory, DirectoryDomain domain, JsonObject merged)
    {
        foreach (var name in Required)
        {
            if (merged[name] is not JsonValue v || v.GetValue<string>().Length == 0)
            {
                return GraphResult.BadRequest($"A value is required for property '{name}' of resource '{Resource}'.");
            }
        }

        if (!Uri.TryCreate(merged["issuerUri"]!.GetValue<string>(), UriKind.Absolute, out _))
        {
            return Invalid("issuerUri", "must be an absolute URI");
        }

        foreach (var name in HttpsUris)
        {
            if (merged[name]?.GetValue<string>() is { } text && (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps))
            {
                return Invalid(name, "must be an absolute https URI");
            }
        }

        foreach (var (name, allowed) in Enums)
        {
            if (merged[name]?.GetValue<string>() is { } text && !allowed.Contains(text, StringComparer.Ordinal))
            {
                return Invalid(name, "allowed values are " + string.Join(", ", allowed));
            }
        }

        foreach (var name in Certificates)
        {
            if (merged[name]?.GetValue<string>() is { } text && !IsCertificate(text))
            {
                return Invalid(name, "must be the base64 encoding of a DER X.509 certificate");
            }
        }

        // §1.8: an issuer identifies one domain (Entra finds the domain by the token's Issuer). Compared exactly, as
        // whether Entra normalises case or a trailing slash is unconfirmed (§10). Graph's text is unknown; ours names both.
        var issuer = merged["issuerUri"]!.GetValue<string>();
        if (directory.Domains.FirstOrDefault(d => d != domain && d.Federation?["issuerUri"]?.GetValue<string>() == issuer) is { } other)
        {
            return GraphResult.BadRequest($"The issuerUri '{issuer}' is already used by another domain ('{other.Name}'); each federated domain needs its own issuer URI.");
        }

        return null;
    }

    private static bool IsCertificate(string base64)
    {
        try
        {
            using var certificate = X509CertificateLoader.LoadCertificate(Convert.FromBase64String(base64));
            return true;
        }
        catch (Exception e) when (e is FormatException or CryptographicException)
        {
            return false;
        }
    }

    private static GraphResult Invalid(string name, string? why = null) =>
        GraphResult.BadRequest($"Invalid value specified for property '{name}' of resource '{Resource}'" + (why is null ? "." : $": {why}."));
}
