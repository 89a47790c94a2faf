using System.Text.Json;
using System.Text.Json.Serialization;
using IdpFederation.Core.Sessions;

namespace IdpFederation.Infrastructure.State.Redis;

/// <summary>
/// The stored form of a session's fixed part, with one-letter names and unix times, so a whole session stays well
/// under 1 KiB in Redis (docs/benchmarks.md). Last-seen, absolute expiry and relying parties live in their own hash
/// fields so a touch or a new relying party never rewrites this.
/// </summary>
internal sealed record SessionRecord
{
    [JsonPropertyName("u")] public required string UserPrincipalName { get; init; }
    [JsonPropertyName("c")] public required long CreatedAt { get; init; }
    [JsonPropertyName("t")] public required long AuthenticatedAt { get; init; }
    [JsonPropertyName("m")] public required string AuthenticationMethod { get; init; }
    [JsonPropertyName("i")] public string? ClientIp { get; init; }

    [JsonPropertyName("f")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? MultiFactorAuthenticatedAt { get; init; }

    [JsonPropertyName("e")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? MultiFactorEnrollmentStamp { get; init; }

    [JsonPropertyName("s")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? AuthenticatedForSignIn { get; init; }

    public static string Serialize(SsoSession session) => JsonSerializer.Serialize(new SessionRecord
    {
        UserPrincipalName = session.UserPrincipalName,
        CreatedAt = session.CreatedAt.ToUnixTimeMilliseconds(),
        AuthenticatedAt = session.AuthenticatedAt.ToUnixTimeMilliseconds(),
        AuthenticationMethod = session.AuthenticationMethod,
        ClientIp = session.ClientIp,
        MultiFactorAuthenticatedAt = session.MultiFactorAuthenticatedAt?.ToUnixTimeMilliseconds(),
        MultiFactorEnrollmentStamp = session.MultiFactorEnrollmentStamp,
        AuthenticatedForSignIn = session.AuthenticatedForSignIn,
    });

    public static SsoSession Deserialize(string id, string json, long expiresAt, long lastSeenAt, string? relyingParties)
    {
        var record = JsonSerializer.Deserialize<SessionRecord>(json)
            ?? throw new JsonException("Empty session record.");
        return new SsoSession
        {
            Id = id,
            UserPrincipalName = record.UserPrincipalName,
            CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(record.CreatedAt),
            AuthenticatedAt = DateTimeOffset.FromUnixTimeMilliseconds(record.AuthenticatedAt),
            AuthenticationMethod = record.AuthenticationMethod,
            ClientIp = record.ClientIp,
            MultiFactorAuthenticatedAt = record.MultiFactorAuthenticatedAt is { } mfa ? DateTimeOffset.FromUnixTimeMilliseconds(mfa) : null,
            MultiFactorEnrollmentStamp = record.MultiFactorEnrollmentStamp,
            AuthenticatedForSignIn = record.AuthenticatedForSignIn,
            ExpiresAt = DateTimeOffset.FromUnixTimeMilliseconds(expiresAt),
            LastSeenAt = DateTimeOffset.FromUnixTimeMilliseconds(lastSeenAt),
            RelyingParties = string.IsNullOrEmpty(relyingParties) ? [] : relyingParties.Split('\n', StringSplitOptions.RemoveEmptyEntries),
        };
    }
}
