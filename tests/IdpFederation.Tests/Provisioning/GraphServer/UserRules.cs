using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace IdpFederation.Tests.Provisioning.GraphServer;

/// <summary>
/// The documented rules for creating and updating users (Graph "Create user", "Update user", user resource type):
/// required properties, UPN characters and verified domains, onPremisesImmutableId on federated domains, uniqueness,
/// usageLocation, password complexity. Each returns Graph's error, or null when the request may proceed.
/// </summary>
internal static partial class UserRules
{
    private static readonly string[] Required = ["accountEnabled", "displayName", "mailNickname", "passwordProfile", "userPrincipalName"];

    /// <summary>Reads a request body into canonical property names, checking each name and JSON kind.</summary>
    public static (JsonObject? Props, GraphResult? Error) ReadBody(JsonObject? body)
    {
        if (body is null)
        {
            return (null, GraphResult.Error(400, "BadRequest", "Empty Payload. JSON content expected."));
        }

        var props = new JsonObject();
        foreach (var (raw, value) in body)
        {
            if (raw == "@odata.type")
            {
                if (value?.GetValue<string>() != "#microsoft.graph.user")
                {
                    return (null, GraphResult.BadRequest($"A type named '{value}' could not be resolved by the model."));
                }

                continue;
            }

            if (!UserProperties.TryCanonical(raw, out var name))
            {
                return (null, GraphResult.BadRequest($"Property '{raw}' does not exist as a declared property or extension property."));
            }

            var kind = UserProperties.KindOf(name);
            if (kind == UserProperties.Kind.ReadOnly)
            {
                return (null, GraphResult.BadRequest($"Property '{name}' is read-only and cannot be set."));
            }

            if (value is not null && !HasKind(value, kind))
            {
                return (null, GraphResult.BadRequest($"Invalid value specified for property '{name}' of resource 'User'."));
            }

            props[name] = value?.DeepClone();
        }

        return (props, null);
    }

    public static GraphResult? CheckCreate(GraphDirectory directory, JsonObject props)
    {
        foreach (var name in Required)
        {
            if (props[name] is null || (props[name] is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>().Length == 0))
            {
                return GraphResult.BadRequest($"A value is required for property '{name}' of resource 'User'.");
            }
        }

        if (props["passwordProfile"]!["password"] is null)
        {
            return GraphResult.BadRequest("A value is required for property 'password' of resource 'PasswordProfile'.");
        }

        return CheckValues(directory, props, existing: null) ?? CheckFederation(directory, props, existing: null);
    }

    public static GraphResult? CheckUpdate(GraphDirectory directory, DirectoryUser user, JsonObject props)
    {
        foreach (var name in Required.Append("usageLocation"))
        {
            // usageLocation "cannot be reset to null once a value has been assigned" (user resource type).
            if (props.ContainsKey(name) && props[name] is null && (name != "usageLocation" || user.UsageLocation is not null))
            {
                return GraphResult.BadRequest($"Invalid value specified for property '{name}' of resource 'User'.");
            }
        }

        return CheckValues(directory, props, user) ?? CheckFederation(directory, props, user);
    }

    private static GraphResult? CheckValues(GraphDirectory directory, JsonObject props, DirectoryUser? existing)
    {
        if (props["userPrincipalName"]?.GetValue<string>() is { } upn)
        {
            var at = upn.IndexOf('@');
            if (at <= 0 || at != upn.LastIndexOf('@') || at > 64 || !UpnLocalPart().IsMatch(upn[..at]))
            {
                return GraphResult.BadRequest("Property userPrincipalName is invalid.");
            }

            if (directory.DomainOf(upn) is null)
            {
                return GraphResult.BadRequest("The domain portion of the userPrincipalName property is invalid. You must use one of the verified domain names in your organization.");
            }

            if (directory.FindByUpn(upn) is { } other && other != existing)
            {
                return GraphResult.BadRequest("Another object with the same value for property userPrincipalName already exists.");
            }
        }

        if (props["mailNickname"]?.GetValue<string>() is { } nickname && !MailNickname().IsMatch(nickname))
        {
            return GraphResult.BadRequest("Invalid value specified for property 'mailNickname' of resource 'User'.");
        }

        if (props["displayName"]?.GetValue<string>() is { Length: > 256 })
        {
            return GraphResult.BadRequest("Invalid value specified for property 'displayName' of resource 'User'.");
        }

        if (props["usageLocation"]?.GetValue<string>() is { } location && !UsageLocation().IsMatch(location))
        {
            return GraphResult.BadRequest("Invalid value specified for property 'usageLocation' of resource 'User'.");
        }

        if (props["mail"]?.GetValue<string>() is { } mail && directory.FindByProxy(mail) is { } holder && holder != existing)
        {
            return GraphResult.BadRequest("Another object with the same value for property proxyAddresses already exists.");
        }

        if (props["passwordProfile"]?["password"]?.GetValue<string>() is { } password && !IsComplex(password))
        {
            return GraphResult.BadRequest("The specified password does not comply with password complexity requirements. Please provide a different password.");
        }

        return null;
    }

    /// <summary>
    /// onPremisesImmutableId: required for a UPN on a federated domain; no '$' or '_'; unique (case-sensitive, as Entra
    /// matches it); and it cannot change while the UPN is, and stays, on a federated domain. The documented route is to
    /// move the UPN to a managed domain first, in an earlier request or in the same one.
    /// </summary>
    private static GraphResult? CheckFederation(GraphDirectory directory, JsonObject props, DirectoryUser? existing)
    {
        var newId = props.ContainsKey("onPremisesImmutableId") ? props["onPremisesImmutableId"]?.GetValue<string>() : existing?.ImmutableId;
        var changesId = existing is not null && props.ContainsKey("onPremisesImmutableId") && !string.Equals(newId, existing.ImmutableId, StringComparison.Ordinal);
        var finalUpn = props["userPrincipalName"]?.GetValue<string>() ?? existing!.UserPrincipalName;
        var finalFederated = directory.DomainOf(finalUpn)!.Federated;

        if (props.ContainsKey("onPremisesImmutableId") && newId is not null && (newId.Length == 0 || newId.Contains('$') || newId.Contains('_')))
        {
            return GraphResult.BadRequest("Invalid value specified for property 'onPremisesImmutableId' of resource 'User'.");
        }

        if (changesId && finalFederated && directory.DomainOf(existing!.UserPrincipalName)!.Federated)
        {
            return GraphResult.BadRequest("Property 'onPremisesImmutableId' cannot be updated while the user's userPrincipalName is on a federated domain. Move the userPrincipalName to a managed domain first.");
        }

        var touchesFederation = existing is null || props.ContainsKey("userPrincipalName") || props.ContainsKey("onPremisesImmutableId");
        if (finalFederated && string.IsNullOrEmpty(newId) && touchesFederation)
        {
            return GraphResult.BadRequest("Property 'onPremisesImmutableId' must be specified for a user whose userPrincipalName is on a federated domain.");
        }

        if (newId is not null && directory.FindByImmutableId(newId) is { } other && other != existing)
        {
            return GraphResult.BadRequest("Another object with the same value for property onPremisesImmutableId already exists.");
        }

        return null;
    }

    /// <summary>Entra's password policy: 8 to 256 characters, three of lower case, upper case, digits and symbols.</summary>
    private static bool IsComplex(string password) =>
        password.Length is >= 8 and <= 256
        && new[] { password.Any(char.IsLower), password.Any(char.IsUpper), password.Any(char.IsDigit), password.Any(c => !char.IsLetterOrDigit(c)) }.Count(b => b) >= 3;

    private static bool HasKind(JsonNode value, UserProperties.Kind kind) => kind switch
    {
        UserProperties.Kind.String => value.GetValueKind() == JsonValueKind.String,
        UserProperties.Kind.Boolean => value.GetValueKind() is JsonValueKind.True or JsonValueKind.False,
        UserProperties.Kind.StringArray => value is JsonArray a && a.All(e => e?.GetValueKind() == JsonValueKind.String),
        UserProperties.Kind.PasswordProfile => value is JsonObject o && o.All(p => p.Key switch
        {
            "password" => p.Value?.GetValueKind() == JsonValueKind.String,
            "forceChangePasswordNextSignIn" or "forceChangePasswordNextSignInWithMfa" => p.Value?.GetValueKind() is JsonValueKind.True or JsonValueKind.False,
            _ => false,
        }),
        _ => false,
    };

    // Create user: userPrincipalName "can only contain A - Z, a - z, 0 - 9, ' . - _ ! # ^ ~" before the '@'.
    [GeneratedRegex(@"^[A-Za-z0-9'.\-_!#^~]+$")]
    private static partial Regex UpnLocalPart();

    // mailNickname: at most 64 ASCII characters, none of @ ( ) \ [ ] " ; : < > , or space.
    [GeneratedRegex(@"^[\x21-\x7E-[@()\\\[\]"";:<>,]]{1,64}$")]
    private static partial Regex MailNickname();

    // ISO 3166-1 alpha-2.
    [GeneratedRegex("^[A-Z]{2}$")]
    private static partial Regex UsageLocation();
}
