using System.Security.Cryptography;
using System.Text;

namespace IdpFederation.Core.Onboarding;

/// <summary>Token shape and lifetimes of onboarding links.</summary>
public static class OnboardingLinkLimits
{
    /// <summary>256 bits from the CSPRNG: unguessable, so the link needs no rate limit of its own.</summary>
    public const int TokenBytes = 32;

    /// <summary>Base64url of <see cref="TokenBytes"/> without padding.</summary>
    public const int TokenLength = 43;

    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromHours(72);

    /// <summary>Long enough to reach a user by e-mail, short enough that a forgotten link does not stay a way in for long.</summary>
    public static readonly TimeSpan MinimumLifetime = TimeSpan.FromMinutes(5);

    public static readonly TimeSpan MaximumLifetime = TimeSpan.FromDays(30);

    public static string NewToken() => System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(TokenBytes));

    /// <summary>True for exactly <see cref="TokenLength"/> base64url characters; anything else is refused before the database.</summary>
    public static bool IsWellFormed(string? token) =>
        token is { Length: TokenLength } && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    /// <summary>The stored form: lower-case hex SHA-256 of the token's ASCII bytes.</summary>
    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(token)));
}
