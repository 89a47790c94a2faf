using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace IdpFederation.Tests.Provisioning.GraphServer;

/// <summary>Compact JWS (RFC 7515 §7.1) encoding and parsing, enough for RS256/PS256 access tokens and client assertions.</summary>
internal static class Jwt
{
    public static string Sign(JsonObject header, JsonObject payload, RSA key)
    {
        var signingInput = Base64Url(Encoding.UTF8.GetBytes(header.ToJsonString())) + "." + Base64Url(Encoding.UTF8.GetBytes(payload.ToJsonString()));
        var signature = key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signingInput + "." + Base64Url(signature);
    }

    /// <summary>Parses without verifying; null when the text is not three base64url parts with JSON objects.</summary>
    public static ParsedJwt? Parse(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return null;
        }

        try
        {
            var header = JsonNode.Parse(FromBase64Url(parts[0])) as JsonObject;
            var payload = JsonNode.Parse(FromBase64Url(parts[1])) as JsonObject;
            if (header is null || payload is null)
            {
                return null;
            }

            return new ParsedJwt(header, payload, Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), FromBase64Url(parts[2]));
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException)
        {
            return null;
        }
    }

    public static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static byte[] FromBase64Url(string text)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '='));
    }
}

internal sealed record ParsedJwt(JsonObject Header, JsonObject Payload, byte[] SigningInput, byte[] Signature)
{
    public string? Claim(string name) => Payload[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    /// <summary>A NumericDate (RFC 7519 §2); MSAL.NET writes exp and nbf of client assertions as strings, which Entra accepts.</summary>
    public long? NumericClaim(string name) => Payload[name] switch
    {
        JsonValue v when v.TryGetValue<long>(out var n) => n,
        JsonValue v when v.TryGetValue<string>(out var s) && long.TryParse(s, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) => n,
        _ => null,
    };

    /// <summary>RS256 or PS256 (MSAL signs client assertions with either, depending on version and authority).</summary>
    public bool VerifyWith(RSA key) => (Header["alg"]?.GetValue<string>()) switch
    {
        "RS256" => key.VerifyData(SigningInput, Signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
        "PS256" => key.VerifyData(SigningInput, Signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pss),
        _ => false,
    };
}
