using System.Net;

namespace IdpFederation.Core.Policies;

public enum ClientKind
{
    /// <summary>A browser on a passive protocol (WS-Fed, SAML 2.0).</summary>
    Browser = 1,

    /// <summary>A rich or legacy client whose credentials arrive over WS-Trust.</summary>
    Active,
}

/// <summary>What rules are evaluated against for one sign-in.</summary>
public sealed record PolicyContext
{
    public required string UserPrincipalName { get; init; }
    public IReadOnlyCollection<string> Roles { get; init; } = [];
    public required string RelyingParty { get; init; }
    public required ClientKind ClientKind { get; init; }
    public IPAddress? ClientIp { get; init; }

    /// <summary>Null when unknown (no database hit, private address).</summary>
    public string? Country { get; init; }

    public required DateTimeOffset Time { get; init; }
}
