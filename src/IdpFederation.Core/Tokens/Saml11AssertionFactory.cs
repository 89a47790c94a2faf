using IdpFederation.Core.Configuration;
using IdpFederation.Protocols.Saml11;
using IdpFederation.Protocols.WsFederation;
using Microsoft.Extensions.Options;

namespace IdpFederation.Core.Tokens;

/// <summary>Maps <see cref="IssuedClaims"/> to the SAML 1.1 assertion Entra expects (spec §1.4).</summary>
public sealed class Saml11AssertionFactory
{
    private readonly IOptionsMonitor<IdpOptions> _options;
    private readonly TimeProvider _time;

    public Saml11AssertionFactory(IOptionsMonitor<IdpOptions> options, TimeProvider time)
    {
        _options = options;
        _time = time;
    }

    public Saml11Assertion Create(IssuedClaims claims, string audience)
    {
        ArgumentNullException.ThrowIfNull(claims);
        var tokens = _options.CurrentValue.Tokens;
        var now = _time.GetUtcNow().UtcDateTime;
        var attributes = new List<Saml11Attribute>
        {
            new(WsFederationClaimTypes.UpnName, WsFederationClaimTypes.UpnNamespace, [claims.UserPrincipalName]),
            new(WsFederationClaimTypes.ImmutableIdName, WsFederationClaimTypes.ImmutableIdNamespace, [claims.ImmutableId]),
        };

        // AD FS always states it, true or false; Entra's "skip MFA on the intranet" setting reads it (spec §1.4).
        attributes.Add(new(WsFederationClaimTypes.InsideCorporateNetworkName, WsFederationClaimTypes.InsideCorporateNetworkNamespace,
            [claims.InsideCorporateNetwork ? "true" : "false"]));

        if (claims.MultiFactorAuthenticated)
        {
            // Spec §1.4 option A.
            attributes.Add(new(WsFederationClaimTypes.AuthnMethodsReferencesName, WsFederationClaimTypes.AuthnMethodsReferencesNamespace,
                [WsFederationConstants.AuthenticationTypes.MultipleAuthN]));
        }

        return new Saml11Assertion
        {
            AssertionId = XmlIds.NewId(),
            Issuer = claims.Issuer,
            IssueInstant = now,
            NotBefore = now - tokens.NotBeforeSkew,
            NotOnOrAfter = now + tokens.Lifetime,
            Audiences = [audience],
            NameIdentifier = claims.ImmutableId,
            Attributes = attributes,
            AuthenticationMethod = claims.AuthenticationMethod,
            AuthenticationInstant = claims.AuthenticationInstant.UtcDateTime,
        };
    }
}
