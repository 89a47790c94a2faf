using System.Text.Json;

namespace IdpFederation.Infrastructure.Provisioning.Verification;

/// <summary>
/// What an app-only access token says about the app: its application permissions (<c>roles</c>) and its directory
/// roles (<c>wids</c>, role template IDs). Only the payload is decoded (RFC 7519 §3, base64url JSON); the signature
/// is Graph's business, and the token itself is never kept, printed or logged.
/// </summary>
public sealed record AccessTokenClaims(IReadOnlySet<string> Roles, IReadOnlySet<string> DirectoryRoleTemplateIds)
{
    /// <summary>The claims, or null when the token is not a JWT with a JSON payload.</summary>
    public static AccessTokenClaims? Read(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return null;
        }

        try
        {
            using var payload = JsonDocument.Parse(Base64UrlDecode(parts[1]));
            if (payload.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            return new AccessTokenClaims(Strings(payload.RootElement, "roles"), Strings(payload.RootElement, "wids"));
        }
        catch (Exception ex) when (ex is FormatException or JsonException or ArgumentException)
        {
            return null;
        }
    }

    private static HashSet<string> Strings(JsonElement payload, string claim)
    {
        var values = new HashSet<string>(StringComparer.Ordinal);
        if (payload.TryGetProperty(claim, out var array) && array.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in array.EnumerateArray().Where(i => i.ValueKind == JsonValueKind.String))
            {
                values.Add(item.GetString()!);
            }
        }

        return values;
    }

    private static byte[] Base64UrlDecode(string segment)
    {
        var base64 = segment.Replace('-', '+').Replace('_', '/');
        base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
        return Convert.FromBase64String(base64);
    }
}
