using System.Text.Json.Serialization;
using IdpFederation.Core.SignIn;

namespace IdpFederation.Infrastructure.State.Redis;

/// <summary>The stored form of a <see cref="ValidatedSignInRequest"/>; the relying party is stored by realm only.</summary>
internal sealed record PendingSignInRecord
{
    [JsonPropertyName("p")] public required SignInProtocol Protocol { get; init; }
    [JsonPropertyName("r")] public required string Realm { get; init; }
    [JsonPropertyName("u")] public required string ReplyUrl { get; init; }
    [JsonPropertyName("c")] public string? Context { get; init; }
    [JsonPropertyName("f")] public bool ForceFresh { get; init; }
    [JsonPropertyName("m")] public bool MfaRequested { get; init; }
    [JsonPropertyName("h")] public string? UsernameHint { get; init; }
    [JsonPropertyName("q")] public string? ClientRequestId { get; init; }
    [JsonPropertyName("t")] public required long ReceivedAt { get; init; }

    public static PendingSignInRecord From(ValidatedSignInRequest request) => new()
    {
        Protocol = request.Protocol,
        Realm = request.RelyingParty.Realm,
        ReplyUrl = request.ReplyUrl,
        Context = request.Context,
        ForceFresh = request.ForceFreshAuthentication,
        MfaRequested = request.MfaRequested,
        UsernameHint = request.UsernameHint,
        ClientRequestId = request.ClientRequestId,
        ReceivedAt = request.ReceivedAt.ToUnixTimeMilliseconds(),
    };
}
