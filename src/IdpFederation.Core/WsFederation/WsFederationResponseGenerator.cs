using IdpFederation.Core.SignIn;
using IdpFederation.Core.Tokens;
using IdpFederation.Protocols.Saml11;
using IdpFederation.Protocols.WsTrust;

namespace IdpFederation.Core.WsFederation;

/// <summary>Builds the signed SAML 1.1 assertion and wraps it in a WS-Trust 2005 RSTR (spec §1.3).</summary>
public sealed class WsFederationResponseGenerator
{
    private readonly Saml11AssertionFactory _assertions;
    private readonly ISigningKeyStore _keys;

    public WsFederationResponseGenerator(Saml11AssertionFactory assertions, ISigningKeyStore keys)
    {
        _assertions = assertions;
        _keys = keys;
    }

    public WsFederationSignInResponse Generate(ValidatedSignInRequest request, IssuedClaims claims)
    {
        ArgumentNullException.ThrowIfNull(request);
        var assertion = _assertions.Create(claims, request.RelyingParty.Realm);
        // Written directly in exclusive-c14n form and signed without a DOM: the signature costs little beyond the RSA
        // operation itself. The Signature is the Assertion's last child (spec §1.4).
        var signed = SignedSaml11Assertion.Create(assertion, _keys.CanonicalSigner);

        var rstr = new RequestSecurityTokenResponse
        {
            Created = assertion.IssueInstant,
            Expires = assertion.NotOnOrAfter,
            AppliesTo = request.RelyingParty.Realm,
        };

        return new WsFederationSignInResponse(request.ReplyUrl, WsTrust2005ResponseSerializer.Serialize(rstr, signed), request.Context);
    }
}
