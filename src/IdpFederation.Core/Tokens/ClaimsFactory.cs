using IdpFederation.Core.Directory;
using IdpFederation.Core.Domains;
using IdpFederation.Core.Sessions;

namespace IdpFederation.Core.Tokens;

public sealed class ClaimsFactory
{
    private readonly FederatedDomainCatalog _domains;

    public ClaimsFactory(FederatedDomainCatalog domains) => _domains = domains;

    /// <returns>Null when the user's domain is no longer federated, which must never yield a token.</returns>
    public IssuedClaims? Create(DirectoryUser user, SsoSession session, bool insideCorporateNetwork = false)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(session);
        var domain = _domains.FindForUserPrincipalName(user.UserPrincipalName);
        if (domain is null)
        {
            return null;
        }

        return new IssuedClaims
        {
            Issuer = domain.EffectiveIssuerUri,
            ImmutableId = user.ImmutableId,
            UserPrincipalName = user.UserPrincipalName,
            AuthenticationMethod = session.AuthenticationMethod,
            AuthenticationInstant = session.AuthenticatedAt,
            MultiFactorAuthenticated = false,
            InsideCorporateNetwork = insideCorporateNetwork,
        };
    }
}
