using IdpFederation.Core.Sessions;

namespace IdpFederation.Cli;

/// <summary>
/// What the CLI shows of a session. The ID is the start of the stored hash of the cookie value: the store holds no
/// cookie, and the prefix is enough to tell sessions apart without handing out anything that signs a user in.
/// </summary>
internal sealed record SessionView(
    string Id,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastSeenAt,
    DateTimeOffset ExpiresAt,
    string? ClientIp,
    IReadOnlyList<string> RelyingParties)
{
    public const int IdLength = 16;

    public static SessionView From(SsoSession session) => new(
        session.Id.Length > IdLength ? session.Id[..IdLength] : session.Id,
        session.CreatedAt,
        session.LastSeenAt,
        session.ExpiresAt,
        session.ClientIp,
        session.RelyingParties);
}
