using IdpFederation.Protocols.Signing;

namespace IdpFederation.Protocols.Saml11;

/// <summary>
/// The token-issuing path: a <see cref="Saml11Assertion"/> written in canonical form and signed
/// with no DOM in between. The result verifies exactly like
/// <see cref="Saml11AssertionSerializer"/> + <see cref="XmlSigner"/> output (same signature bytes, since
/// RSA PKCS#1 v1.5 is deterministic) at a fraction of the cost.
/// </summary>
public static class SignedSaml11Assertion
{
    /// <summary>
    /// Returns the signed saml:Assertion as XML text (no declaration, Signature last, spec §1.4),
    /// for <c>WsTrust2005ResponseSerializer.Serialize(response, signedAssertionXml)</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The model breaks a rule of the SAML 1.1 schema or of spec §1.4, or a value holds a character XML does not allow.</exception>
    public static string Create(Saml11Assertion assertion, CanonicalXmlSigner signer)
    {
        ArgumentNullException.ThrowIfNull(assertion);
        ArgumentNullException.ThrowIfNull(signer);
        var canonical = new CanonicalXmlBuilder(Saml11CanonicalWriter.InitialCapacity);
        try
        {
            Saml11CanonicalWriter.Write(assertion, ref canonical);
            return signer.SignEnveloped(canonical.Written, assertion.AssertionId);
        }
        finally
        {
            canonical.Dispose();
        }
    }
}
