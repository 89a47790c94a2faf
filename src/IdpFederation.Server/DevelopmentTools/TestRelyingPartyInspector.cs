using System.Globalization;
using System.Xml;
using IdpFederation.Core.Domains;
using IdpFederation.Core.RelyingParties;
using IdpFederation.Core.Tokens;
using IdpFederation.Protocols.Saml11;
using IdpFederation.Protocols.Signing;
using IdpFederation.Protocols.WsFederation;

namespace IdpFederation.Server.DevelopmentTools;

/// <summary>
/// Checks a posted WS-Fed sign-in response the way Entra checks ours (spec §1.3, §1.4, §1.8): wa, the assertion's
/// signature against this server's own published certificates (current, then next; never a key in the token), the
/// issuer for the user's domain, the audience, the validity period, and NameIdentifier = ImmutableID. Every outcome,
/// however broken the input, is a report; nothing here throws on what a client sent.
/// </summary>
public sealed class TestRelyingPartyInspector
{
    private readonly ISigningKeyStore _keys;
    private readonly FederatedDomainCatalog _domains;
    private readonly TimeProvider _time;

    public TestRelyingPartyInspector(ISigningKeyStore keys, FederatedDomainCatalog domains, TimeProvider time)
    {
        _keys = keys;
        _domains = domains;
        _time = time;
    }

    public TestRelyingPartyReport Inspect(string? wa, string? wresult, string? wctx)
    {
        var now = _time.GetUtcNow();
        var checks = new List<TokenCheck>();
        var read = string.IsNullOrEmpty(wresult) ? new ReceivedTokenRead(null, null, "No wresult was posted.") : ReceivedTokenReader.Read(wresult);
        checks.Add(read.Assertion is null
            ? Fail(TestRelyingPartyReport.SignatureCheck, "Signature", "Not checked: " + read.Error)
            : CheckSignature(read.Assertion));
        checks.Add(string.Equals(wa, WsFederationConstants.Actions.SignIn, StringComparison.Ordinal)
            ? Pass("action", "Action (wa)", "wsignin1.0, a sign-in response.")
            : Fail("action", "Action (wa)", $"wa is '{wa}'; a sign-in response has wa=wsignin1.0."));
        if (read.Token is { } token)
        {
            checks.Add(CheckIssuer(token));
            checks.Add(CheckAudience(token));
            checks.Add(CheckValidity(token, now));
            checks.Add(CheckSubject(token));
        }

        return new TestRelyingPartyReport(read.Token, checks, wctx, now);
    }

    private TokenCheck CheckSignature(XmlElement assertion)
    {
        const string name = "Signature";
        var certificates = _keys.PublishedCertificates;
        var error = "No signing certificate is published.";
        for (var i = 0; i < certificates.Count; i++)
        {
            // One certificate at a time, so the page can say which one verified.
            var result = SignedXmlValidator.Validate(assertion, Saml11Constants.AssertionIdAttribute, [certificates[i]]);
            if (result.IsValid)
            {
                return Pass(TestRelyingPartyReport.SignatureCheck, name,
                    $"Verified with this server's {(i == 0 ? "current" : "next")} signing certificate (thumbprint {certificates[i].Thumbprint}).");
            }

            error = result.Error ?? error;
        }

        return Fail(TestRelyingPartyReport.SignatureCheck, name, error);
    }

    private TokenCheck CheckIssuer(ReceivedToken token)
    {
        const string id = "issuer", name = "Issuer";
        if (string.IsNullOrEmpty(token.UserPrincipalName))
        {
            return Fail(id, name, "The token has no UPN, so the issuer of the user's domain cannot be known.");
        }

        if (_domains.FindForUserPrincipalName(token.UserPrincipalName) is not { } domain)
        {
            return Fail(id, name, "The UPN's domain is not a federated domain here, so no issuer speaks for it.");
        }

        // Entra looks the issuer up as the domain's IssuerUri, exactly (AADSTS50107 otherwise).
        return string.Equals(token.Issuer, domain.EffectiveIssuerUri, StringComparison.Ordinal)
            ? Pass(id, name, $"{token.Issuer} is the IssuerUri configured for {domain.Name}.")
            : Fail(id, name, $"The issuer is '{token.Issuer}', but {domain.Name} has IssuerUri '{domain.EffectiveIssuerUri}'.");
    }

    private static TokenCheck CheckAudience(ReceivedToken token)
    {
        const string id = "audience", name = "Audience";
        // The signed Audience counts; the RSTR's AppliesTo sits outside the signature and is only shown.
        return token.Audiences.Contains(DevelopmentTestRelyingParty.Realm, StringComparer.Ordinal)
            ? Pass(id, name, $"The assertion is addressed to {DevelopmentTestRelyingParty.Realm}.")
            : Fail(id, name, $"The assertion's audiences ({string.Join(", ", token.Audiences)}) do not include {DevelopmentTestRelyingParty.Realm}.");
    }

    private static TokenCheck CheckValidity(ReceivedToken token, DateTimeOffset now)
    {
        const string id = "validity", name = "Validity period";
        if (token.NotBefore is not { } notBefore || token.NotOnOrAfter is not { } notOnOrAfter)
        {
            return Fail(id, name, "Conditions/@NotBefore or @NotOnOrAfter is missing or not a UTC date.");
        }

        // No skew allowance: this page and the IdP that signed the token read the same clock.
        var at = " (checked at " + Format(now) + ")";
        if (now < notBefore)
        {
            return Fail(id, name, "Not valid yet: NotBefore is " + Format(notBefore) + at + ".");
        }

        return now < notOnOrAfter
            ? Pass(id, name, "Valid now: NotBefore ≤ now < NotOnOrAfter" + at + ".")
            : Fail(id, name, "Expired: NotOnOrAfter was " + Format(notOnOrAfter) + at + ".");
    }

    private static TokenCheck CheckSubject(ReceivedToken token)
    {
        const string id = "subject", name = "NameIdentifier = ImmutableID";
        if (string.IsNullOrEmpty(token.ImmutableId))
        {
            return Fail(id, name, "The token has no ImmutableID attribute; Entra refuses it (AADSTS90020).");
        }

        // Entra finds the user by NameIdentifier = onPremisesImmutableId, in every statement's subject (spec §1.4).
        return token.NameIdentifiers.Count > 0 && token.NameIdentifiers.All(n => string.Equals(n, token.ImmutableId, StringComparison.Ordinal))
            ? Pass(id, name, "Every subject's NameIdentifier is the ImmutableID.")
            : Fail(id, name, "A subject's NameIdentifier differs from the ImmutableID attribute or is missing.");
    }

    internal static string Format(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static TokenCheck Pass(string id, string name, string detail) => new(id, name, true, detail);

    private static TokenCheck Fail(string id, string name, string detail) => new(id, name, false, detail);
}
