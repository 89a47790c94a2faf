using System.Security.Cryptography;

namespace IdpFederation.Core.Sessions;

public static class SessionIds
{
    /// <summary>256 bits from a CSPRNG, base64url: unguessable and cookie-safe.</summary>
    public static string NewId() => Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    /// <summary>
    /// Stores key records by a hash of the ID, so a dump of the store yields no cookie that can be replayed.
    /// </summary>
    public static string StorageKey(string sessionId)
    {
        ArgumentNullException.ThrowIfNull(sessionId);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(sessionId), hash);
        return Base64UrlEncode(hash);
    }

    /// <summary>Cheap syntax gate so malformed cookies never reach the store.</summary>
    public static bool IsWellFormed(string? sessionId) =>
        sessionId is { Length: 43 } && sessionId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static string Base64UrlEncode(ReadOnlySpan<byte> bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
