using IdpFederation.Protocols.Saml11;

namespace IdpFederation.Protocols.WsTrust;

/// <summary>
/// The WS-Trust February 2005 RSTR that wraps the token in a WS-Federation <c>wresult</c> (spec §1.3).
/// Lifetime should match the assertion's Conditions. UTC instants.
/// </summary>
public sealed record RequestSecurityTokenResponse
{
    public required DateTime Created { get; init; }

    public required DateTime Expires { get; init; }

    /// <summary>wsp:AppliesTo address; for Entra <c>urn:federation:MicrosoftOnline</c>.</summary>
    public required string AppliesTo { get; init; }

    public string TokenType { get; init; } = Saml11Constants.TokenType;
}
