using IdpFederation.Core.Configuration;
using IdpFederation.Core.Directory;
using IdpFederation.Core.Domains;
using IdpFederation.Core.Protocols;
using IdpFederation.Core.Sessions;
using Microsoft.Extensions.Options;

namespace IdpFederation.Core.Tokens;

/// <summary>
/// The one claim decision every protocol renders (WS-Fed now; SAML 2.0 and WS-Trust reuse it): who the user is, which
/// issuer speaks for their domain, and whether the token may say MFA.
/// </summary>
public sealed class ClaimsFactory
{
    private readonly FederatedDomainCatalog _domains;
    private readonly IOptionsMonitor<IdpOptions> _options;
    private readonly TimeProvider _time;

    public ClaimsFactory(FederatedDomainCatalog domains, IOptionsMonitor<IdpOptions> options, TimeProvider time)
    {
        _domains = domains;
        _options = options;
        _time = time;
    }

    /// <param name="multiFactorAuthenticated">
    /// The pipeline's verdict (SignInContext.MultiFactorAuthenticated): the session's MFA, within the lifetime, with the
    /// user's current enrolment. It is checked again here against the session, so a caller's mistake cannot claim MFA.
    /// </param>
    /// <returns>Null when the user's domain is no longer federated, which must never yield a token.</returns>
    public IssuedClaims? Create(DirectoryUser user, SsoSession session, bool multiFactorAuthenticated, bool insideCorporateNetwork = false)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(session);
        var domain = _domains.FindForUserPrincipalName(user.UserPrincipalName);
        if (domain is null)
        {
            return null;
        }

        // MFA is claimed only from the session's own record of a second factor within the MFA lifetime: never from
        // what the request asked for, and never from a remembered device (Entra then does its own MFA, if it wants).
        var multiFactor = multiFactorAuthenticated && session.HasMultiFactorWithin(_options.CurrentValue.Mfa.Lifetime, _time.GetUtcNow());
        return new IssuedClaims
        {
            Issuer = domain.EffectiveIssuerUri,
            ImmutableId = user.ImmutableId,
            UserPrincipalName = user.UserPrincipalName,
            AuthenticationMethod = multiFactor ? AuthenticationMethods.MultipleAuthN : FirstFactorMethod(session),
            AuthenticationInstant = session.AuthenticatedAt,
            MultiFactorAuthenticated = multiFactor,
            MultiFactorAuthenticationInstant = multiFactor ? session.MultiFactorAuthenticatedAt : null,
            InsideCorporateNetwork = insideCorporateNetwork,
        };
    }

    // Only the MFA decision above may put multipleauthn in a token, whatever a session record says.
    private static string FirstFactorMethod(SsoSession session) =>
        session.AuthenticationMethod == AuthenticationMethods.MultipleAuthN ? AuthenticationMethods.PasswordProtectedTransport : session.AuthenticationMethod;
}
