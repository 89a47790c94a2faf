using System.Xml;
using IdpFederation.Core.Directory;
using IdpFederation.Core.Protocols;
using IdpFederation.Core.Sessions;
using IdpFederation.Protocols.Saml11;

namespace IdpFederation.Tests.CoreLayer;

/// <summary>
/// The token says MFA only when the pipeline decided so (SignInContext.MultiFactorAuthenticated) AND the session's own
/// record of a second factor is within Idp:Mfa:Lifetime (checked again here), and then says it twice: the
/// authnmethodsreferences claim and the AuthenticationStatement's method.
/// </summary>
[Trait("Kind", "Unit")]
public sealed class ClaimsFactoryMfaTests
{
    private const string MultipleAuthN = "http://schemas.microsoft.com/claims/multipleauthn";

    private readonly CoreTestFactory _factory = new();
    private readonly DirectoryUser _alice;

    public ClaimsFactoryMfaTests() => _alice = _factory.Directory.Add("alice@contoso.com");

    private DateTimeOffset Now => _factory.Time.GetUtcNow();

    private TimeSpan Lifetime => _factory.CurrentOptions.Mfa.Lifetime;

    private SsoSession Session(DateTimeOffset? mfaAt) =>
        _factory.Session(_alice.UserPrincipalName, authenticatedAt: Now.AddMinutes(-20)) with { MultiFactorAuthenticatedAt = mfaAt };

    [Fact]
    public void The_constant_is_entras_multipleauthn_uri() => Assert.Equal(MultipleAuthN, AuthenticationMethods.MultipleAuthN);

    [Fact]
    public void A_session_without_mfa_claims_a_password_only()
    {
        var claims = _factory.CreateClaimsFactory().Create(_alice, Session(mfaAt: null), multiFactorAuthenticated: false);

        Assert.NotNull(claims);
        Assert.False(claims.MultiFactorAuthenticated);
        Assert.Null(claims.MultiFactorAuthenticationInstant);
        Assert.Equal(AuthenticationMethods.PasswordProtectedTransport, claims.AuthenticationMethod);
        Assert.Equal(Now.AddMinutes(-20), claims.AuthenticationInstant);
    }

    [Fact]
    public void Mfa_within_the_lifetime_is_claimed_with_its_instant_and_multipleauthn()
    {
        var mfaAt = Now.AddMinutes(-10);

        var claims = _factory.CreateClaimsFactory().Create(_alice, Session(mfaAt), multiFactorAuthenticated: true);

        Assert.NotNull(claims);
        Assert.True(claims.MultiFactorAuthenticated);
        Assert.Equal(mfaAt, claims.MultiFactorAuthenticationInstant);
        Assert.Equal(MultipleAuthN, claims.AuthenticationMethod);
        // The authentication instant stays the password's.
        Assert.Equal(Now.AddMinutes(-20), claims.AuthenticationInstant);
    }

    [Fact]
    public void Mfa_just_inside_the_lifetime_is_claimed_and_at_the_lifetime_it_is_not()
    {
        var factory = _factory.CreateClaimsFactory();

        Assert.True(factory.Create(_alice, Session(Now - Lifetime + TimeSpan.FromMilliseconds(1)), multiFactorAuthenticated: true)!.MultiFactorAuthenticated);

        var expired = factory.Create(_alice, Session(Now - Lifetime), multiFactorAuthenticated: true)!;
        Assert.False(expired.MultiFactorAuthenticated);
        Assert.Null(expired.MultiFactorAuthenticationInstant);
        Assert.Equal(AuthenticationMethods.PasswordProtectedTransport, expired.AuthenticationMethod);
    }

    [Fact]
    public void Mfa_ages_out_as_the_clock_moves_on()
    {
        var factory = _factory.CreateClaimsFactory();
        var session = Session(Now);
        Assert.True(factory.Create(_alice, session, multiFactorAuthenticated: true)!.MultiFactorAuthenticated);

        _factory.Time.Advance(Lifetime);

        Assert.False(factory.Create(_alice, session, multiFactorAuthenticated: true)!.MultiFactorAuthenticated);
    }

    [Fact]
    public void The_lifetime_follows_reloaded_options()
    {
        var factory = _factory.CreateClaimsFactory();
        var session = Session(Now.AddMinutes(-45));
        Assert.True(factory.Create(_alice, session, multiFactorAuthenticated: true)!.MultiFactorAuthenticated);

        var reloaded = CoreTestFactory.DefaultOptions();
        reloaded.Mfa.Lifetime = TimeSpan.FromMinutes(30);
        _factory.Options.Set(reloaded);

        Assert.False(factory.Create(_alice, session, multiFactorAuthenticated: true)!.MultiFactorAuthenticated);
    }

    [Fact]
    public void A_session_whose_method_already_says_multipleauthn_claims_no_mfa_without_a_recorded_second_factor()
    {
        // Only MultiFactorAuthenticatedAt counts; a method string copied from elsewhere must not turn the claim on.
        var session = Session(mfaAt: null) with { AuthenticationMethod = MultipleAuthN };

        Assert.False(_factory.CreateClaimsFactory().Create(_alice, session, multiFactorAuthenticated: true)!.MultiFactorAuthenticated);
    }

    // ---- the pipeline's verdict and the session's record must both say MFA ----

    [Fact]
    public void The_pipelines_verdict_alone_claims_nothing_for_a_session_without_mfa()
    {
        // A caller passing true by mistake (or a stale verdict) cannot turn a password-only session into MFA.
        var claims = _factory.CreateClaimsFactory().Create(_alice, Session(mfaAt: null), multiFactorAuthenticated: true);

        Assert.NotNull(claims);
        Assert.False(claims.MultiFactorAuthenticated);
        Assert.Null(claims.MultiFactorAuthenticationInstant);
        Assert.Equal(AuthenticationMethods.PasswordProtectedTransport, claims.AuthenticationMethod);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(60 * 24)]
    public void The_pipelines_verdict_claims_nothing_for_a_session_mfa_at_or_past_the_lifetime(int minutesPast)
    {
        var session = Session(Now - Lifetime - TimeSpan.FromMinutes(minutesPast));

        var claims = _factory.CreateClaimsFactory().Create(_alice, session, multiFactorAuthenticated: true);

        Assert.NotNull(claims);
        Assert.False(claims.MultiFactorAuthenticated);
        Assert.Null(claims.MultiFactorAuthenticationInstant);
        Assert.Equal(AuthenticationMethods.PasswordProtectedTransport, claims.AuthenticationMethod);
    }

    [Fact]
    public void A_session_with_fresh_mfa_claims_nothing_when_the_pipeline_says_no()
    {
        // E.g. the session's MFA belongs to an enrolment that has since been reset: the pipeline's "no" wins.
        var session = Session(Now.AddSeconds(-5)) with { MultiFactorEnrollmentStamp = Now.AddDays(-1).ToUnixTimeMilliseconds() };

        var claims = _factory.CreateClaimsFactory().Create(_alice, session, multiFactorAuthenticated: false);

        Assert.NotNull(claims);
        Assert.False(claims.MultiFactorAuthenticated);
        Assert.Null(claims.MultiFactorAuthenticationInstant);
        Assert.Equal(AuthenticationMethods.PasswordProtectedTransport, claims.AuthenticationMethod);
        Assert.Equal(Now.AddMinutes(-20), claims.AuthenticationInstant);
    }

    [Fact]
    public void A_no_from_the_pipeline_keeps_multipleauthn_out_of_the_saml_assertion()
    {
        var claims = _factory.CreateClaimsFactory().Create(_alice, Session(Now.AddMinutes(-1)), multiFactorAuthenticated: false)!;

        var assertion = _factory.CreateSaml11AssertionFactory().Create(claims, "urn:federation:MicrosoftOnline");

        Assert.DoesNotContain(assertion.Attributes, a => a.Name == "authnmethodsreferences");
        Assert.Equal(AuthenticationMethods.PasswordProtectedTransport, AuthenticationStatementMethod(assertion));
    }

    [Fact]
    public void The_saml_assertion_says_multipleauthn_only_after_mfa()
    {
        var claims = _factory.CreateClaimsFactory();
        var assertions = _factory.CreateSaml11AssertionFactory();

        var without = assertions.Create(claims.Create(_alice, Session(mfaAt: null), multiFactorAuthenticated: false)!, "urn:federation:MicrosoftOnline");
        var with = assertions.Create(claims.Create(_alice, Session(Now.AddMinutes(-1)), multiFactorAuthenticated: true)!, "urn:federation:MicrosoftOnline");
        var expired = assertions.Create(claims.Create(_alice, Session(Now - Lifetime), multiFactorAuthenticated: true)!, "urn:federation:MicrosoftOnline");

        foreach (var password in new[] { without, expired })
        {
            Assert.DoesNotContain(password.Attributes, a => a.Name == "authnmethodsreferences");
            Assert.Equal(AuthenticationMethods.PasswordProtectedTransport, password.AuthenticationMethod);
            Assert.Equal(AuthenticationMethods.PasswordProtectedTransport, AuthenticationStatementMethod(password));
        }

        var amr = Assert.Single(with.Attributes, a => a.Name == "authnmethodsreferences");
        Assert.Equal("http://schemas.microsoft.com/claims", amr.Namespace);
        Assert.Equal([MultipleAuthN], amr.Values);
        Assert.Equal(MultipleAuthN, with.AuthenticationMethod);
        Assert.Equal(MultipleAuthN, AuthenticationStatementMethod(with));
        Assert.Equal(MultipleAuthN, XmlAttributeValue(with));
    }

    private static string? AuthenticationStatementMethod(Saml11Assertion assertion)
    {
        var root = Saml11AssertionSerializer.ToXmlDocument(assertion).DocumentElement!;
        var ns = new XmlNamespaceManager(root.OwnerDocument.NameTable);
        ns.AddNamespace("saml", "urn:oasis:names:tc:SAML:1.0:assertion");
        return root.SelectSingleNode("saml:AuthenticationStatement/@AuthenticationMethod", ns)?.Value;
    }

    private static string? XmlAttributeValue(Saml11Assertion assertion)
    {
        var root = Saml11AssertionSerializer.ToXmlDocument(assertion).DocumentElement!;
        var ns = new XmlNamespaceManager(root.OwnerDocument.NameTable);
        ns.AddNamespace("saml", "urn:oasis:names:tc:SAML:1.0:assertion");
        return root.SelectSingleNode("saml:AttributeStatement/saml:Attribute[@AttributeName='authnmethodsreferences']/saml:AttributeValue", ns)?.InnerText;
    }
}
