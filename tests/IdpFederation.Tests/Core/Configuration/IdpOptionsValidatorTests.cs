using IdpFederation.Core.Configuration;
using static IdpFederation.Tests.CoreLayer.OptionsValidation;

namespace IdpFederation.Tests.CoreLayer;

/// <summary>Start-up and reload validation: base URL, domains, issuers and the UPN suffix.</summary>
[Trait("Kind", "Unit")]
public sealed class IdpOptionsValidatorTests
{
    private readonly IdpOptionsValidator _validator = new();

    [Fact]
    public void The_test_factory_defaults_are_valid()
    {
        var result = _validator.Validate(null, CoreTestFactory.DefaultOptions());

        Assert.True(result.Succeeded, string.Join(Environment.NewLine, result.Failures ?? []));
    }

    [Fact]
    public void A_fully_populated_production_style_configuration_is_valid()
    {
        var options = new IdpOptions
        {
            PublicBaseUrl = "https://sts.contoso.com/federation",
            PrincipalNameSuffix = "@contoso.com",
            Domains =
            [
                new FederatedDomainOptions { Name = "contoso.com", IssuerUri = "http://contoso.com/adfs/services/trust/" },
                new FederatedDomainOptions { Name = "corp.contoso.com", IssuerUri = "http://corp.contoso.com/adfs/services/trust/" },
                new FederatedDomainOptions { Name = "xn--bcher-kva.example" },
            ],
            RelyingParties =
            [
                new RelyingPartyOptions { Realm = "urn:contoso:hr", ReplyUrls = ["https://hr.contoso.com/signin-wsfed", "https://hr.contoso.com:8443/signin"] },
            ],
            Tokens = new TokenOptions { Lifetime = TimeSpan.FromHours(24), NotBeforeSkew = TimeSpan.FromMinutes(15) },
            Session = new SessionOptions
            {
                SlidingExpiration = TimeSpan.FromHours(8),
                AbsoluteExpiration = TimeSpan.FromHours(8),
                UserCacheDuration = TimeSpan.FromMinutes(5),
            },
            Branding = new BrandingOptions { PrimaryColor = "#ABC", BackgroundColor = "#a1b2c3", LogoUrl = "https://cdn.contoso.com/logo.svg" },
            PasswordHashing = new PasswordHashingOptions { Iterations = 100_000 },
        };

        var result = _validator.Validate(null, options);

        Assert.True(result.Succeeded, string.Join(Environment.NewLine, result.Failures ?? []));
    }

    [Fact]
    public void Out_of_the_box_options_lack_only_a_domain() =>
        Assert.Equal(["Idp:Domains must list at least one federated domain."], _validator.Validate(null, new IdpOptions()).Failures!);

    [Fact]
    public void Every_failure_is_reported_not_just_the_first()
    {
        var failures = Failures(o =>
        {
            o.PublicBaseUrl = "sts.contoso.com";
            o.Tokens.Lifetime = TimeSpan.Zero;
            o.Branding.PrimaryColor = "red";
            o.PasswordHashing.Iterations = 1;
        });

        Assert.Equal(4, failures.Count);
        Assert.StartsWith("Idp:PublicBaseUrl ", failures[0]);
        Assert.StartsWith("Idp:Tokens:Lifetime ", failures[1]);
        Assert.StartsWith("Idp:Branding:PrimaryColor ", failures[2]);
        Assert.StartsWith("Idp:PasswordHashing:Iterations ", failures[3]);
    }

    [Fact]
    public void Null_options_throw() => Assert.Throws<ArgumentNullException>(() => _validator.Validate(null, null!));

    // ---- PublicBaseUrl ----

    [Theory]
    [InlineData("")]
    [InlineData("sts.contoso.com")]
    [InlineData("ftp://sts.contoso.com")]
    [InlineData("file:///etc/passwd")]
    [InlineData("javascript:alert(1)")]
    [InlineData("https://sts.contoso.com/?tenant=1")]
    [InlineData("/sts")]
    public void PublicBaseUrl_must_be_absolute_http_or_https_without_a_query(string url) =>
        AssertOnlyFailure($"Idp:PublicBaseUrl '{url}' must be an absolute http(s) URL without a query.", o => o.PublicBaseUrl = url);

    [Theory]
    [InlineData("https://sts.contoso.com")]
    [InlineData("https://sts.contoso.com/idp/")]
    [InlineData("http://localhost:5000")]
    public void PublicBaseUrl_accepts_http_and_https(string url) => Assert.Empty(Failures(o => o.PublicBaseUrl = url));

    // ---- Domains ----

    [Fact]
    public void At_least_one_domain_is_required() =>
        AssertOnlyFailure("Idp:Domains must list at least one federated domain.", o => o.Domains.Clear());

    [Theory]
    [InlineData("contoso")]
    [InlineData("")]
    [InlineData("-contoso.com")]
    [InlineData("contoso-.com")]
    [InlineData("contoso..com")]
    [InlineData(".contoso.com")]
    [InlineData("contoso.com.")]
    [InlineData("con_toso.com")]
    [InlineData("*.contoso.com")]
    [InlineData("contoso.c")]
    [InlineData("contoso.123")]
    [InlineData("user@contoso.com")]
    [InlineData("https://contoso.com")]
    [InlineData("contoso.com/adfs")]
    [InlineData("contoso .com")]
    public void Domain_names_must_be_dns_names(string name) =>
        AssertOnlyFailure($"Idp:Domains:1:Name '{name}' is not a DNS domain name.",
            o => o.Domains[1] = new FederatedDomainOptions { Name = name, IssuerUri = "urn:test:issuer" });

    [Fact]
    public void A_domain_name_with_a_trailing_newline_is_refused()
    {
        // BUG (documented here, not fixed): the DomainName and HexColor patterns end in '$', which in .NET also matches
        // before a final "\n", so "contoso.com\n" passes as a DNS name. That domain then never equals a UPN's domain
        // (FederatedDomainCatalog compares exactly) and a default issuer would carry the newline: sign-ins fail later
        // instead of start-up naming the bad edit. PrincipalNameSuffix and the branding colours share the flaw
        // ("#fff\n" is accepted). Anchoring with \z instead of $ fixes all three.
        const string name = "contoso.com\n";

        AssertOnlyFailure($"Idp:Domains:0:Name '{name}' is not a DNS domain name.", o => o.Domains[0].Name = name);
    }

    [Fact]
    public void A_label_longer_than_63_characters_is_refused()
    {
        var name = new string('a', 64) + ".com";

        AssertOnlyFailure($"Idp:Domains:0:Name '{name}' is not a DNS domain name.", o => o.Domains[0].Name = name);
    }

    [Fact]
    public void A_63_character_label_is_accepted() => Assert.Empty(Failures(o => o.Domains[0].Name = new string('a', 63) + ".com"));

    [Fact]
    public void A_domain_listed_twice_in_another_case_is_refused() =>
        AssertOnlyFailure("Idp:Domains:3:Name 'CONTOSO.com' is listed twice.",
            o => o.Domains.Add(new FederatedDomainOptions { Name = "CONTOSO.com", IssuerUri = "http://other/adfs/services/trust/" }));

    [Fact]
    public void Two_domains_may_not_share_a_configured_issuer() =>
        AssertOnlyFailure($"Idp:Domains:2:IssuerUri '{CoreTestFactory.ContosoIssuer}' is used by another domain; Entra requires one issuer per domain.",
            o => o.Domains[2].IssuerUri = CoreTestFactory.ContosoIssuer);

    [Fact]
    public void A_configured_issuer_may_not_equal_another_domains_default_issuer() =>
        AssertOnlyFailure("Idp:Domains:2:IssuerUri 'URN:fabrikam.com' is used by another domain; Entra requires one issuer per domain.",
            o => o.Domains[2].IssuerUri = "URN:fabrikam.com");

    [Fact]
    public void Issuers_are_compared_as_exact_strings_so_a_trailing_slash_makes_them_distinct() =>
        // Entra matches the issuer string exactly (spec §1.8), so these are two different issuers.
        Assert.Empty(Failures(o => o.Domains[2].IssuerUri = CoreTestFactory.ContosoIssuer.TrimEnd('/')));

    [Theory]
    [InlineData("contoso.com/adfs/services/trust")]
    [InlineData("adfs")]
    [InlineData("http//contoso.com")]
    public void A_configured_issuer_must_be_an_absolute_uri(string issuer) =>
        AssertOnlyFailure($"Idp:Domains:0:IssuerUri '{issuer}' is not an absolute URI.", o => o.Domains[0].IssuerUri = issuer);

    [Fact]
    public void A_path_is_not_an_absolute_issuer_uri()
    {
        // BUG (documented here, not fixed): on Linux/macOS Uri.TryCreate(..., UriKind.Absolute) takes "/x" as an implicit
        // file path (file:///x), so IdpOptionsValidator accepts a bare path as an "absolute URI" issuer and Entra then
        // receives Issuer="/adfs/services/trust/". On Windows the same config is refused: validation depends on the OS.
        const string issuer = "/adfs/services/trust/";

        AssertOnlyFailure($"Idp:Domains:0:IssuerUri '{issuer}' is not an absolute URI.", o => o.Domains[0].IssuerUri = issuer);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void A_blank_issuer_falls_back_to_the_default_urn(string? issuer)
    {
        var domain = new FederatedDomainOptions { Name = "contoso.com", IssuerUri = issuer };

        Assert.Equal("URN:contoso.com", domain.EffectiveIssuerUri);
        Assert.Empty(Failures(o => o.Domains[0].IssuerUri = issuer));
    }

    // ---- PrincipalNameSuffix ----

    [Theory]
    [InlineData("contoso")]
    [InlineData("@")]
    [InlineData("contoso.com ")]
    [InlineData("@@con toso.com")]
    [InlineData("user@contoso.com")]
    public void PrincipalNameSuffix_must_be_a_dns_name(string suffix) =>
        AssertOnlyFailure($"Idp:PrincipalNameSuffix '{suffix}' is not a DNS domain name.", o => o.PrincipalNameSuffix = suffix);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("contoso.com")]
    [InlineData("@contoso.com")]
    public void PrincipalNameSuffix_is_optional_and_may_start_with_an_at_sign(string? suffix) =>
        Assert.Empty(Failures(o => o.PrincipalNameSuffix = suffix));
}
