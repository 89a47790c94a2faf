using IdpFederation.Core.Configuration;

namespace IdpFederation.Tests.CoreLayer;

[Trait("Kind", "Unit")]
public sealed class FederatedDomainCatalogTests
{
    private readonly CoreTestFactory _factory = new();

    [Theory]
    [InlineData("alice@contoso.com", "contoso.com")]
    [InlineData("bob@fabrikam.com", "fabrikam.com")]
    [InlineData("carol@sales.fabrikam.com", "sales.fabrikam.com")]
    public void An_exactly_configured_domain_is_found(string upn, string expected) =>
        Assert.Equal(expected, _factory.CreateDomainCatalog().FindForUserPrincipalName(upn)?.Name);

    [Theory]
    [InlineData("alice@corp.contoso.com", "contoso.com", CoreTestFactory.ContosoIssuer)]
    [InlineData("alice@a.b.contoso.com", "contoso.com", CoreTestFactory.ContosoIssuer)]
    [InlineData("alice@x.y.z.contoso.com", "contoso.com", CoreTestFactory.ContosoIssuer)]
    [InlineData("dave@hr.fabrikam.com", "fabrikam.com", "URN:fabrikam.com")]
    public void A_subdomain_user_gets_the_nearest_configured_parent_and_its_issuer(string upn, string domain, string issuer)
    {
        // Spec §1.8: a subdomain inherits its root domain's federation settings, so tokens carry the parent's IssuerUri.
        var found = _factory.CreateDomainCatalog().FindForUserPrincipalName(upn);

        Assert.NotNull(found);
        Assert.Equal(domain, found.Name);
        Assert.Equal(issuer, found.EffectiveIssuerUri);
    }

    [Theory]
    [InlineData("erin@eu.sales.fabrikam.com")]
    [InlineData("erin@a.b.sales.fabrikam.com")]
    public void A_configured_subdomain_wins_over_its_configured_parent(string upn)
    {
        var found = _factory.CreateDomainCatalog().FindForUserPrincipalName(upn);

        Assert.Equal("sales.fabrikam.com", found?.Name);
        Assert.Equal(CoreTestFactory.SalesFabrikamIssuer, found?.EffectiveIssuerUri);
    }

    [Fact]
    public void The_nearest_parent_wins_whatever_order_the_domains_are_listed_in()
    {
        var factory = new CoreTestFactory(o => o.Domains.Reverse());

        Assert.Equal("sales.fabrikam.com", factory.CreateDomainCatalog().FindForUserPrincipalName("x@eu.sales.fabrikam.com")?.Name);
        Assert.Equal("fabrikam.com", factory.CreateDomainCatalog().FindForUserPrincipalName("x@eu.fabrikam.com")?.Name);
    }

    [Theory]
    [InlineData("ALICE@CONTOSO.COM", "contoso.com")]
    [InlineData("alice@Contoso.Com", "contoso.com")]
    [InlineData("alice@CORP.Contoso.COM", "contoso.com")]
    [InlineData("x@Sales.Fabrikam.com", "sales.fabrikam.com")]
    public void Matching_ignores_case(string upn, string expected) =>
        Assert.Equal(expected, _factory.CreateDomainCatalog().FindForUserPrincipalName(upn)?.Name);

    [Fact]
    public void The_configured_entry_is_returned_with_its_configured_spelling()
    {
        var factory = new CoreTestFactory(o => o.Domains[0].Name = "Contoso.COM");

        Assert.Equal("Contoso.COM", factory.CreateDomainCatalog().FindForUserPrincipalName("a@contoso.com")?.Name);
    }

    [Theory]
    [InlineData("alice@northwind.com")]
    [InlineData("alice@com")]
    [InlineData("alice@contoso.co")]
    [InlineData("alice@notcontoso.com")]
    [InlineData("alice@contoso.com.evil.example")]
    [InlineData("alice@contoso.comx")]
    [InlineData("alice@fabrikam.com.")]
    public void An_unconfigured_domain_is_not_found(string upn) =>
        Assert.Null(_factory.CreateDomainCatalog().FindForUserPrincipalName(upn));

    [Theory]
    [InlineData("")]
    [InlineData("@contoso.com")]
    [InlineData("alice@")]
    [InlineData("alice")]
    [InlineData("contoso.com")]
    [InlineData("@")]
    public void Malformed_user_principal_names_match_nothing(string upn) =>
        Assert.Null(_factory.CreateDomainCatalog().FindForUserPrincipalName(upn));

    [Fact]
    public void Only_the_part_after_the_last_at_sign_is_used()
    {
        // "a@b@c" is not a valid UPN (UserPrincipalNames.Validate refuses it); the catalog reads the last '@'. It never
        // matches a domain on the strength of the part before it.
        var catalog = _factory.CreateDomainCatalog();

        Assert.Null(catalog.FindForUserPrincipalName("a@contoso.com@northwind.com"));
        Assert.Null(catalog.FindForUserPrincipalName("a@b@c.com"));
    }

    [Fact]
    public void Null_is_refused() => Assert.Throws<ArgumentNullException>(() => _factory.CreateDomainCatalog().FindForUserPrincipalName(null!));

    [Fact]
    public void No_configured_domains_means_nothing_matches()
    {
        var factory = new CoreTestFactory(o => o.Domains.Clear());

        Assert.Null(factory.CreateDomainCatalog().FindForUserPrincipalName("alice@contoso.com"));
    }

    [Fact]
    public void Default_issuer_is_URN_and_the_domain_name()
    {
        var fabrikam = _factory.CreateDomainCatalog().FindForUserPrincipalName("x@fabrikam.com");

        Assert.Null(fabrikam?.IssuerUri);
        Assert.Equal("URN:fabrikam.com", fabrikam?.EffectiveIssuerUri);
    }

    [Fact]
    public void A_configured_issuer_is_used_verbatim()
    {
        var factory = new CoreTestFactory(o => o.Domains[0].IssuerUri = "https://Authenticate.Contoso.com/nidp/wsfed/");

        Assert.Equal("https://Authenticate.Contoso.com/nidp/wsfed/", factory.CreateDomainCatalog().FindForUserPrincipalName("x@contoso.com")?.EffectiveIssuerUri);
    }

    [Fact]
    public void A_reload_is_seen_by_an_existing_catalog()
    {
        var catalog = _factory.CreateDomainCatalog();
        Assert.NotNull(catalog.FindForUserPrincipalName("x@contoso.com"));

        var reloaded = CoreTestFactory.DefaultOptions();
        reloaded.Domains.RemoveAt(0);
        reloaded.Domains.Add(new FederatedDomainOptions { Name = "northwind.com" });
        _factory.Options.Set(reloaded);

        Assert.Null(catalog.FindForUserPrincipalName("x@contoso.com"));
        Assert.Equal("northwind.com", catalog.FindForUserPrincipalName("x@northwind.com")?.Name);
    }

    // ---- ToUserPrincipalName ----

    [Theory]
    [InlineData("jsmith", "jsmith@contoso.com")]
    [InlineData("  jsmith  ", "jsmith@contoso.com")]
    [InlineData("jsmith@fabrikam.com", "jsmith@fabrikam.com")]
    [InlineData(" jsmith@fabrikam.com ", "jsmith@fabrikam.com")]
    [InlineData("jsmith@", "jsmith@")]
    [InlineData("", "")]
    [InlineData("   ", "")]
    public void A_bare_username_gets_the_suffix_and_anything_with_an_at_sign_is_left_alone(string typed, string expected) =>
        Assert.Equal(expected, _factory.CreateDomainCatalog().ToUserPrincipalName(typed));

    [Fact]
    public void A_suffix_configured_with_a_leading_at_sign_is_not_doubled()
    {
        var factory = new CoreTestFactory(o => o.PrincipalNameSuffix = "@fabrikam.com");

        Assert.Equal("jsmith@fabrikam.com", factory.CreateDomainCatalog().ToUserPrincipalName("jsmith"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Without_a_suffix_a_bare_username_stays_bare(string? suffix)
    {
        var factory = new CoreTestFactory(o => o.PrincipalNameSuffix = suffix);

        Assert.Equal("jsmith", factory.CreateDomainCatalog().ToUserPrincipalName(" jsmith "));
    }

    [Fact]
    public void A_reloaded_suffix_is_used_at_once()
    {
        var catalog = _factory.CreateDomainCatalog();
        var reloaded = CoreTestFactory.DefaultOptions();
        reloaded.PrincipalNameSuffix = "fabrikam.com";
        _factory.Options.Set(reloaded);

        Assert.Equal("jsmith@fabrikam.com", catalog.ToUserPrincipalName("jsmith"));
    }

    [Fact]
    public void ToUserPrincipalName_refuses_null() => Assert.Throws<ArgumentNullException>(() => _factory.CreateDomainCatalog().ToUserPrincipalName(null!));
}
