using System.Security.Cryptography.X509Certificates;
using System.Xml;
using IdpFederation.Core.Protocols;
using IdpFederation.Core.RelyingParties;
using IdpFederation.Core.Tokens;
using IdpFederation.Core.WsFederation;
using IdpFederation.Protocols.Signing;
using IdpFederation.Server.DevelopmentTools;
using IdpFederation.Tests.CoreLayer;

namespace IdpFederation.Tests.DevelopmentTools;

/// <summary>
/// The test relying party's checks on tokens made by the production generator and signer, then accepted, tampered
/// with, re-signed by another key, mis-addressed, expired or replaced by junk.
/// </summary>
[Trait("Kind", "Unit")]
public sealed class TestRelyingPartyInspectorTests : IDisposable
{
    private const string Upn = "alice@contoso.com";
    private const string ImmutableId = "qH8vLq6hW0aS3Qh2o3m4Ag==";
    private const string Realm = DevelopmentTestRelyingParty.Realm;

    private readonly CoreTestFactory _factory = new();
    private readonly TestSigningKeyStore _keys = new();

    public void Dispose() => _keys.Dispose();

    private string Token(string audience = Realm, bool mfa = false, ISigningKeyStore? signer = null, string issuer = CoreTestFactory.ContosoIssuer)
    {
        var now = _factory.Time.GetUtcNow();
        var claims = new IssuedClaims
        {
            Issuer = issuer,
            ImmutableId = ImmutableId,
            UserPrincipalName = Upn,
            AuthenticationMethod = mfa ? AuthenticationMethods.MultipleAuthN : AuthenticationMethods.PasswordProtectedTransport,
            AuthenticationInstant = now.AddMinutes(-1),
            MultiFactorAuthenticated = mfa,
            MultiFactorAuthenticationInstant = mfa ? now : null,
        };
        var party = new RelyingParty(audience, "Test", ["https://sts.contoso.com/dev/test-rp/"]);
        var request = _factory.SignInRequest() with { RelyingParty = party, ReplyUrl = party.DefaultReplyUrl, Context = "demo" };
        return new WsFederationResponseGenerator(_factory.CreateSaml11AssertionFactory(), signer ?? _keys).Generate(request, claims).Result;
    }

    private TestRelyingPartyReport Inspect(string? wresult, ISigningKeyStore? trusted = null, string? wa = "wsignin1.0") =>
        new TestRelyingPartyInspector(trusted ?? _keys, _factory.CreateDomainCatalog(), _factory.Time).Inspect(wa, wresult, "demo");

    private static TokenCheck Check(TestRelyingPartyReport report, string id) => report.Checks.Single(c => c.Id == id);

    [Fact]
    public void A_token_from_this_idp_for_the_test_realm_is_accepted_and_decoded()
    {
        var now = _factory.Time.GetUtcNow();

        var report = Inspect(Token());

        Assert.True(report.Accepted, string.Join("\n", report.Checks));
        Assert.Equal(["signature", "action", "issuer", "audience", "validity", "subject"], report.Checks.Select(c => c.Id));
        Assert.Contains("current signing certificate (thumbprint " + _keys.Certificate.Thumbprint + ")", report.Signature.Detail, StringComparison.Ordinal);
        var token = report.Token!;
        Assert.Equal(CoreTestFactory.ContosoIssuer, token.Issuer);
        Assert.Equal([Realm], token.Audiences);
        Assert.Equal(Realm, token.AppliesTo);
        Assert.Equal(Upn, token.UserPrincipalName);
        Assert.Equal(ImmutableId, token.ImmutableId);
        Assert.Equal([ImmutableId, ImmutableId], token.NameIdentifiers);
        Assert.Equal(now.AddMinutes(-5), token.NotBefore);
        Assert.Equal(now.AddHours(1), token.NotOnOrAfter);
        Assert.Equal(AuthenticationMethods.PasswordProtectedTransport, token.AuthenticationMethod);
        Assert.Equal(now.AddMinutes(-1), token.AuthenticationInstant);
        Assert.False(token.MultiFactor);
        Assert.Contains(token.Claims, c => c.Type == "http://schemas.xmlsoap.org/claims/UPN" && c.Values.SequenceEqual([Upn]));
        Assert.Equal("demo", report.Context);
    }

    [Fact]
    public void An_mfa_token_says_so()
    {
        var token = Inspect(Token(mfa: true)).Token!;

        Assert.True(token.MultiFactor);
        Assert.Equal(AuthenticationMethods.MultipleAuthN, token.AuthenticationMethod);
    }

    [Theory]
    [InlineData(Upn, "mallory@contoso.com")]
    [InlineData(ImmutableId, "AAAAAAAAAAAAAAAAAAAAAA==")]
    [InlineData("urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport", "http://schemas.microsoft.com/claims/multipleauthn")]
    public void A_changed_value_breaks_the_signature_and_the_token_is_rejected(string original, string forged)
    {
        var wresult = Token();
        Assert.Contains(original, wresult, StringComparison.Ordinal);

        var report = Inspect(wresult.Replace(original, forged, StringComparison.Ordinal));

        Assert.False(report.Signature.Passed);
        Assert.False(report.Accepted);
        Assert.Equal("The signature does not verify with any trusted certificate.", report.Signature.Detail);
        Assert.Contains(forged, report.Token!.Claims.SelectMany(c => c.Values).Append(report.Token.AuthenticationMethod));
    }

    [Fact]
    public void A_token_signed_by_another_key_is_invalid_although_its_keyinfo_carries_that_key()
    {
        using var attacker = new TestSigningKeyStore();
        var wresult = Token(signer: attacker);
        Assert.Contains(Convert.ToBase64String(attacker.Certificate.RawData), wresult, StringComparison.Ordinal);

        var report = Inspect(wresult);

        Assert.False(report.Signature.Passed);
        Assert.False(report.Accepted);
    }

    [Fact]
    public void The_next_certificate_verifies_too_and_is_named()
    {
        using var current = new TestSigningKeyStore();

        var report = Inspect(Token(), trusted: new PublishedOnly(current.Certificate, _keys.Certificate));

        Assert.True(report.Signature.Passed, report.Signature.Detail);
        Assert.Contains("next signing certificate (thumbprint " + _keys.Certificate.Thumbprint + ")", report.Signature.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_token_for_another_audience_is_refused_though_its_signature_is_good()
    {
        var report = Inspect(Token(audience: RelyingParty.MicrosoftOnlineRealm));

        Assert.True(report.Signature.Passed);
        Assert.False(report.Accepted);
        Assert.False(Check(report, "audience").Passed);
        Assert.Equal("The assertion's audiences (urn:federation:MicrosoftOnline) do not include urn:idpfederation:dev-test-rp.", Check(report, "audience").Detail);
    }

    [Fact]
    public void The_validity_period_is_checked_to_the_tick()
    {
        var wresult = Token();
        var issued = _factory.Time.GetUtcNow();

        _factory.Time.SetUtcNow(issued.AddHours(1).AddTicks(-1));
        Assert.True(Check(Inspect(wresult), "validity").Passed);

        _factory.Time.SetUtcNow(issued.AddHours(1));
        var expired = Check(Inspect(wresult), "validity");
        Assert.False(expired.Passed);
        Assert.StartsWith("Expired: NotOnOrAfter was ", expired.Detail, StringComparison.Ordinal);

        _factory.Time.SetUtcNow(issued.AddMinutes(-5).AddTicks(-1));
        var early = Check(Inspect(wresult), "validity");
        Assert.False(early.Passed);
        Assert.StartsWith("Not valid yet: ", early.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void The_issuer_must_be_the_one_configured_for_the_users_domain()
    {
        var report = Inspect(Token(issuer: "URN:fabrikam.com"));

        Assert.True(report.Signature.Passed);
        Assert.False(report.Accepted);
        Assert.Equal("The issuer is 'URN:fabrikam.com', but contoso.com has IssuerUri 'http://contoso.com/adfs/services/trust/'.", Check(report, "issuer").Detail);
    }

    [Fact]
    public void A_message_that_is_not_a_sign_in_response_fails_the_action_check()
    {
        var report = Inspect(Token(), wa: "wsignout1.0");

        Assert.True(report.Signature.Passed);
        Assert.False(Check(report, "action").Passed);
        Assert.False(report.Accepted);
    }

    public static TheoryData<string?, string> NotATokens => new()
    {
        { null, "Not checked: No wresult was posted." },
        { "", "Not checked: No wresult was posted." },
        { "<t:RequestSecurityTokenResponse", "Not checked: wresult was refused as XML: Malformed XML" },
        { "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>", "Not checked: wresult was refused as XML: DTDs are not allowed." },
        { new string('a', 70_000), "Not checked: wresult was refused as XML: XML input is 70000 characters; the limit is 65536." },
        { "<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\"/>", "Not checked: wresult is not a WS-Trust 2005 RequestSecurityTokenResponse." },
        { "<t:RequestSecurityTokenResponse xmlns:t=\"http://schemas.xmlsoap.org/ws/2005/02/trust\"/>", "Not checked: wresult carries 0 SAML 1.1 assertions; exactly one is expected." },
    };

    [Theory]
    [MemberData(nameof(NotATokens))]
    public void Input_that_is_not_a_token_is_reported_as_an_invalid_signature_never_thrown(string? wresult, string expected)
    {
        var report = Inspect(wresult);

        Assert.False(report.Signature.Passed);
        Assert.StartsWith(expected, report.Signature.Detail, StringComparison.Ordinal);
        Assert.Null(report.Token);
        Assert.False(report.Accepted);
    }

    [Fact]
    public void A_wrapped_copy_of_the_signed_assertion_beside_a_forged_one_is_refused()
    {
        // XSW: the genuine signed assertion moved into an extension element, a forged one where the token belongs.
        var document = new XmlDocument { PreserveWhitespace = true };
        document.LoadXml(Token());
        var holder = document.DocumentElement!.GetElementsByTagName("RequestedSecurityToken", "http://schemas.xmlsoap.org/ws/2005/02/trust")[0]!;
        var genuine = (XmlElement)holder.FirstChild!;
        var forged = (XmlElement)genuine.CloneNode(deep: true);
        forged.InnerXml = forged.InnerXml.Replace(Upn, "mallory@contoso.com", StringComparison.Ordinal);
        var extension = document.CreateElement("x", "Extension", "urn:example:wrapper");
        document.DocumentElement.AppendChild(extension);
        extension.AppendChild(holder.RemoveChild(genuine));
        holder.AppendChild(forged);

        var report = Inspect(document.OuterXml);

        Assert.Equal("Not checked: wresult carries 2 SAML 1.1 assertions; exactly one is expected.", report.Signature.Detail);
        Assert.Null(report.Token);
    }

    [Fact]
    public void A_missing_immutable_id_or_a_different_name_identifier_fails_the_subject_check()
    {
        var wresult = Token().Replace(">" + ImmutableId + "</saml:NameIdentifier>", ">someone-else</saml:NameIdentifier>", StringComparison.Ordinal);

        var subject = Check(Inspect(wresult), "subject");

        Assert.False(subject.Passed);
        Assert.Equal("A subject's NameIdentifier differs from the ImmutableID attribute or is missing.", subject.Detail);
    }

    /// <summary>A key store that only publishes certificates, as the verifying side holds them.</summary>
    private sealed class PublishedOnly(params X509Certificate2[] certificates) : ISigningKeyStore
    {
        public XmlSigner Signer => throw new NotSupportedException();

        public CanonicalXmlSigner CanonicalSigner => throw new NotSupportedException();

        public IReadOnlyList<X509Certificate2> PublishedCertificates => certificates;
    }
}
