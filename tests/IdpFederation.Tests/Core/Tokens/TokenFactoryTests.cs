using System.Xml;
using IdpFederation.Core.Configuration;
using IdpFederation.Core.Directory;
using IdpFederation.Core.Protocols;
using IdpFederation.Core.Tokens;
using IdpFederation.Protocols.Saml11;

namespace IdpFederation.Tests.CoreLayer;

[Trait("Kind", "Unit")]
public sealed class ClaimsFactoryTests
{
    private readonly CoreTestFactory _factory = new();

    private IssuedClaims? Create(DirectoryUser user) =>
        _factory.CreateClaimsFactory().Create(user, _factory.Session(user.UserPrincipalName, authenticatedAt: ManualTimeProvider.DefaultStart.AddMinutes(-7)), multiFactorAuthenticated: false);

    [Theory]
    [InlineData("alice@contoso.com", CoreTestFactory.ContosoIssuer)]
    [InlineData("bob@fabrikam.com", "URN:fabrikam.com")]
    [InlineData("carol@sales.fabrikam.com", CoreTestFactory.SalesFabrikamIssuer)]
    public void The_issuer_is_the_users_domain_issuer(string upn, string issuer) =>
        Assert.Equal(issuer, Create(_factory.Directory.Add(upn))?.Issuer);

    [Theory]
    [InlineData("alice@corp.contoso.com", CoreTestFactory.ContosoIssuer)]
    [InlineData("alice@a.b.contoso.com", CoreTestFactory.ContosoIssuer)]
    [InlineData("dave@hr.fabrikam.com", "URN:fabrikam.com")]
    [InlineData("erin@eu.sales.fabrikam.com", CoreTestFactory.SalesFabrikamIssuer)]
    public void A_subdomain_user_gets_the_parent_domains_issuer(string upn, string issuer) =>
        // Spec §1.8: tokens for user@corp.contoso.com carry contoso.com's IssuerUri.
        Assert.Equal(issuer, Create(_factory.Directory.Add(upn))?.Issuer);

    [Fact]
    public void The_claims_carry_the_immutable_id_upn_and_the_sessions_authentication()
    {
        var user = _factory.Directory.Add("Alice@Contoso.com", immutableId: "AbCdEf0123456789+/==");
        var session = _factory.Session("alice@contoso.com", authenticatedAt: ManualTimeProvider.DefaultStart.AddMinutes(-7));

        var claims = _factory.CreateClaimsFactory().Create(user, session, multiFactorAuthenticated: false);

        Assert.NotNull(claims);
        Assert.Equal("AbCdEf0123456789+/==", claims.ImmutableId);
        Assert.Equal("Alice@Contoso.com", claims.UserPrincipalName);
        Assert.Equal(AuthenticationMethods.PasswordProtectedTransport, claims.AuthenticationMethod);
        Assert.Equal(ManualTimeProvider.DefaultStart.AddMinutes(-7), claims.AuthenticationInstant);
    }

    [Fact]
    public void Mfa_is_never_claimed_by_password_sign_in()
    {
        var claims = Create(_factory.Directory.Add("alice@contoso.com"));

        Assert.False(claims?.MultiFactorAuthenticated);
    }

    [Fact]
    public void A_user_outside_every_federated_domain_gets_no_claims() =>
        Assert.Null(Create(_factory.Directory.Add("alice@northwind.com")));

    [Fact]
    public void A_domain_removed_by_reload_stops_claims_for_its_users()
    {
        var claims = _factory.CreateClaimsFactory();
        var user = _factory.Directory.Add("alice@contoso.com");
        var session = _factory.Session(user.UserPrincipalName);
        Assert.NotNull(claims.Create(user, session, multiFactorAuthenticated: false));

        var reloaded = CoreTestFactory.DefaultOptions();
        reloaded.Domains.RemoveAt(0);
        _factory.Options.Set(reloaded);

        Assert.Null(claims.Create(user, session, multiFactorAuthenticated: false));
    }

    [Fact]
    public void A_changed_issuer_is_used_from_the_next_token()
    {
        var claims = _factory.CreateClaimsFactory();
        var user = _factory.Directory.Add("alice@contoso.com");
        var reloaded = CoreTestFactory.DefaultOptions();
        reloaded.Domains[0].IssuerUri = "http://contoso.com/adfs/services/trust";
        _factory.Options.Set(reloaded);

        Assert.Equal("http://contoso.com/adfs/services/trust", claims.Create(user, _factory.Session(user.UserPrincipalName), multiFactorAuthenticated: false)?.Issuer);
    }

    [Fact]
    public void Null_arguments_are_refused()
    {
        var claims = _factory.CreateClaimsFactory();
        var user = _factory.Directory.Add("alice@contoso.com");

        Assert.Throws<ArgumentNullException>(() => claims.Create(null!, _factory.Session("alice@contoso.com"), multiFactorAuthenticated: false));
        Assert.Throws<ArgumentNullException>(() => claims.Create(user, null!, multiFactorAuthenticated: false));
    }
}

[Trait("Kind", "Unit")]
public sealed class Saml11AssertionFactoryTests
{
    private const string Audience = "urn:federation:MicrosoftOnline";

    private readonly CoreTestFactory _factory = new(o =>
    {
        o.Tokens.Lifetime = TimeSpan.FromMinutes(60);
        o.Tokens.NotBeforeSkew = TimeSpan.FromMinutes(5);
    });

    private static IssuedClaims Claims(bool mfa = false) => new()
    {
        Issuer = CoreTestFactory.ContosoIssuer,
        ImmutableId = "qH8vLq6hW0aS3Qh2o3m4Ag==",
        UserPrincipalName = "alice@contoso.com",
        AuthenticationMethod = AuthenticationMethods.PasswordProtectedTransport,
        AuthenticationInstant = new DateTimeOffset(2025, 3, 14, 11, 20, 0, TimeSpan.FromHours(2)),
        MultiFactorAuthenticated = mfa,
    };

    private Saml11Assertion Create(IssuedClaims? claims = null, string audience = Audience) =>
        _factory.CreateSaml11AssertionFactory().Create(claims ?? Claims(), audience);

    [Fact]
    public void Issuer_and_audience_come_from_the_claims_and_the_relying_party()
    {
        var assertion = Create(audience: CoreTestFactory.PortalRealm);

        Assert.Equal(CoreTestFactory.ContosoIssuer, assertion.Issuer);
        Assert.Equal([CoreTestFactory.PortalRealm], assertion.Audiences);
    }

    [Fact]
    public void The_immutable_id_is_the_name_identifier_and_an_attribute_with_entras_namespace()
    {
        var assertion = Create();

        Assert.Equal("qH8vLq6hW0aS3Qh2o3m4Ag==", assertion.NameIdentifier);
        Assert.Equal(Saml11Constants.NameIdentifierFormatUnspecified, assertion.NameIdentifierFormat);
        var immutableId = Assert.Single(assertion.Attributes, a => a.Name == "ImmutableID");
        Assert.Equal("http://schemas.microsoft.com/LiveID/Federation/2008/05", immutableId.Namespace);
        Assert.Equal(["qH8vLq6hW0aS3Qh2o3m4Ag=="], immutableId.Values);
    }

    [Fact]
    public void The_upn_is_an_attribute_in_the_xmlsoap_claims_namespace()
    {
        var upn = Assert.Single(Create().Attributes, a => a.Name == "UPN");

        Assert.Equal("http://schemas.xmlsoap.org/claims", upn.Namespace);
        Assert.Equal(["alice@contoso.com"], upn.Values);
    }

    [Fact]
    public void Without_mfa_exactly_upn_immutable_id_and_insidecorporatenetwork_are_issued()
    {
        var assertion = Create(Claims(mfa: false));

        Assert.Equal(["UPN", "ImmutableID", "insidecorporatenetwork"], assertion.Attributes.Select(a => a.Name));
        Assert.Equal(["false"], assertion.Attributes.Single(a => a.Name == "insidecorporatenetwork").Values);
        Assert.DoesNotContain(assertion.Attributes, a => a.Values.Contains("http://schemas.microsoft.com/claims/multipleauthn"));
    }

    [Fact]
    public void Mfa_adds_the_authnmethodsreferences_attribute()
    {
        var assertion = Create(Claims(mfa: true));

        var mfa = Assert.Single(assertion.Attributes, a => a.Name == "authnmethodsreferences");
        Assert.Equal("http://schemas.microsoft.com/claims", mfa.Namespace);
        Assert.Equal(["http://schemas.microsoft.com/claims/multipleauthn"], mfa.Values);
        Assert.Equal(4, assertion.Attributes.Count);
    }

    [Fact]
    public void Validity_is_now_minus_skew_to_now_plus_lifetime_in_utc()
    {
        var now = ManualTimeProvider.DefaultStart.UtcDateTime;

        var assertion = Create();

        Assert.Equal(now, assertion.IssueInstant);
        Assert.Equal(now.AddMinutes(-5), assertion.NotBefore);
        Assert.Equal(now.AddMinutes(60), assertion.NotOnOrAfter);
        Assert.All([assertion.IssueInstant, assertion.NotBefore, assertion.NotOnOrAfter, assertion.AuthenticationInstant],
            t => Assert.Equal(DateTimeKind.Utc, t.Kind));
    }

    [Fact]
    public void Validity_follows_the_clock_and_reloaded_token_options()
    {
        var factory = _factory.CreateSaml11AssertionFactory();
        _factory.Time.Advance(TimeSpan.FromHours(2));
        var reloaded = CoreTestFactory.DefaultOptions();
        reloaded.Tokens.Lifetime = TimeSpan.FromMinutes(10);
        reloaded.Tokens.NotBeforeSkew = TimeSpan.Zero;
        _factory.Options.Set(reloaded);

        var assertion = factory.Create(Claims(), Audience);

        var now = ManualTimeProvider.DefaultStart.UtcDateTime.AddHours(2);
        Assert.Equal(now, assertion.NotBefore);
        Assert.Equal(now.AddMinutes(10), assertion.NotOnOrAfter);
    }

    [Fact]
    public void The_authentication_statement_carries_the_method_and_the_instant_converted_to_utc()
    {
        var assertion = Create();

        Assert.Equal(AuthenticationMethods.PasswordProtectedTransport, assertion.AuthenticationMethod);
        Assert.Equal(new DateTime(2025, 3, 14, 9, 20, 0, DateTimeKind.Utc), assertion.AuthenticationInstant);
    }

    [Fact]
    public void The_subject_is_confirmed_as_bearer() =>
        Assert.Equal("urn:oasis:names:tc:SAML:1.0:cm:bearer", Create().ConfirmationMethod);

    [Fact]
    public void The_assertion_id_is_a_valid_ncname()
    {
        var id = Create().AssertionId;

        Assert.Equal(id, XmlConvert.VerifyNCName(id));
        Assert.Matches("^_[0-9a-f]{32}$", id);
    }

    [Fact]
    public void Assertion_ids_are_unique()
    {
        var factory = _factory.CreateSaml11AssertionFactory();

        var ids = Enumerable.Range(0, 2_000).Select(_ => factory.Create(Claims(), Audience).AssertionId).ToArray();

        Assert.Equal(ids.Length, ids.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void The_assertion_serializes_to_the_spec_shape_with_the_issuer_and_immutable_id()
    {
        var assertion = Create();

        var root = Saml11AssertionSerializer.ToXmlDocument(assertion).DocumentElement!;

        var ns = new XmlNamespaceManager(root.OwnerDocument.NameTable);
        ns.AddNamespace("saml", "urn:oasis:names:tc:SAML:1.0:assertion");
        Assert.Equal(assertion.AssertionId, root.GetAttribute("AssertionID"));
        Assert.Equal(CoreTestFactory.ContosoIssuer, root.GetAttribute("Issuer"));
        Assert.Equal("2025-03-14T09:21:53.000Z", root.SelectSingleNode("saml:Conditions/@NotBefore", ns)?.Value);
        Assert.Equal("2025-03-14T10:26:53.000Z", root.SelectSingleNode("saml:Conditions/@NotOnOrAfter", ns)?.Value);
        Assert.Equal(Audience, root.SelectSingleNode("saml:Conditions/saml:AudienceRestrictionCondition/saml:Audience", ns)?.InnerText);
        Assert.Equal("qH8vLq6hW0aS3Qh2o3m4Ag==", root.SelectSingleNode("saml:AttributeStatement/saml:Subject/saml:NameIdentifier", ns)?.InnerText);
        Assert.Equal("qH8vLq6hW0aS3Qh2o3m4Ag==", root.SelectSingleNode("saml:AttributeStatement/saml:Attribute[@AttributeName='ImmutableID']/saml:AttributeValue", ns)?.InnerText);
    }

    [Fact]
    public void Null_claims_are_refused() =>
        Assert.Throws<ArgumentNullException>(() => _factory.CreateSaml11AssertionFactory().Create(null!, Audience));
}
