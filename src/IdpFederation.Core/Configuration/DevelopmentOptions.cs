namespace IdpFederation.Core.Configuration;

/// <summary>
/// Aids for trying the IdP on a workstation. The server refuses to start when one of them is switched on outside the
/// Development environment (ASPNETCORE_ENVIRONMENT), so a copied development config cannot open one in production.
/// </summary>
public sealed class DevelopmentOptions
{
    /// <summary>
    /// The built-in test relying party: realm <c>urn:idpfederation:dev-test-rp</c>, reply URL PublicBaseUrl +
    /// <c>/dev/test-rp/</c>, a page that decodes and checks the token it receives. Unset means on in Development and
    /// off everywhere else. It is never allowed outside Development: it would be a relying party nobody chose, which
    /// accepts tokens for every user and shows their claims, and which Entra and the audit log know nothing about.
    /// </summary>
    public bool? TestRelyingParty { get; set; }
}
