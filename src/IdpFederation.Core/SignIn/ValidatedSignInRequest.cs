using IdpFederation.Core.RelyingParties;

namespace IdpFederation.Core.SignIn;

/// <summary>
/// A sign-in request that passed protocol validation. Later stages accept only this type, so an unchecked realm or
/// reply URL cannot reach token issuance.
/// </summary>
public sealed record ValidatedSignInRequest
{
    public required SignInProtocol Protocol { get; init; }
    public required RelyingParty RelyingParty { get; init; }

    /// <summary>Registered for <see cref="RelyingParty"/>; the only place a token is ever posted.</summary>
    public required string ReplyUrl { get; init; }

    /// <summary>wctx, returned byte for byte.</summary>
    public string? Context { get; init; }

    /// <summary>wfresh=0 or prompt=login: the password must be checked after <see cref="ReceivedAt"/>.</summary>
    public bool ForceFreshAuthentication { get; init; }

    /// <summary>True when the relying party demanded MFA (wauth=.../multipleauthn).</summary>
    public bool MfaRequested { get; init; }

    public string? UsernameHint { get; init; }
    public string? ClientRequestId { get; init; }
    public required DateTimeOffset ReceivedAt { get; init; }
}

public enum SignInProtocol
{
    WsFederation = 1,
}
