using IdpFederation.Core.Configuration;
using IdpFederation.Core.RelyingParties;
using IdpFederation.Infrastructure.Configuration;
using IdpFederation.Server.DevelopmentTools;
using IdpFederation.Tests.CoreLayer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;

namespace IdpFederation.Tests.DevelopmentTools;

/// <summary>
/// Idp:Development:TestRelyingParty through the server's real options pipeline (binding, IdpOptionsValidator, the
/// environment rule, last-good reloads) and the relying party catalog it feeds.
/// </summary>
[Trait("Kind", "Unit")]
public sealed class TestRelyingPartySwitchTests
{
    private const string BaseUrl = "http://127.0.0.1:5000";

    private sealed class Host : IDisposable
    {
        public Host(string environment, string? testRelyingParty)
        {
            var values = new Dictionary<string, string?> { ["Idp:PublicBaseUrl"] = BaseUrl, ["Idp:Domains:0:Name"] = "contoso.com" };
            if (testRelyingParty is not null)
            {
                values[TestRelyingPartyEnvironmentRule.Key] = testRelyingParty;
            }

            Configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
            var services = new ServiceCollection();
            services.AddLogging();
            services.AddIdpOptions(Configuration, Path.GetTempPath());
            services.AddDevelopmentTools(new HostingEnvironment { EnvironmentName = environment });
            Services = services.BuildServiceProvider();
        }

        public IConfigurationRoot Configuration { get; }
        public ServiceProvider Services { get; }
        public IOptionsMonitor<IdpOptions> Options => Services.GetRequiredService<IOptionsMonitor<IdpOptions>>();
        public RelyingPartyCatalog Catalog => new(Options);

        public void Dispose() => Services.Dispose();
    }

    private static string Refusal(string environment) =>
        $"Idp:Development:TestRelyingParty is true, but the environment is '{environment}': the development test relying party " +
        "can be switched on only when ASPNETCORE_ENVIRONMENT is Development. Remove the setting (it is off by default outside Development).";

    [Fact]
    public void Unset_it_is_on_in_development_with_the_public_base_url_as_reply_url()
    {
        using var host = new Host(Environments.Development, testRelyingParty: null);

        Assert.True(host.Options.CurrentValue.Development.TestRelyingParty);
        var party = host.Catalog.FindByRealm("urn:idpfederation:dev-test-rp");
        Assert.NotNull(party);
        Assert.Equal(["http://127.0.0.1:5000/dev/test-rp/"], party.ReplyUrls);
        Assert.Equal("Development test relying party", party.DisplayName);
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    [InlineData("Test")]
    public void Unset_it_is_off_outside_development_and_the_realm_is_unknown(string environment)
    {
        using var host = new Host(environment, testRelyingParty: null);

        Assert.False(host.Options.CurrentValue.Development.TestRelyingParty);
        Assert.Null(host.Catalog.FindByRealm(DevelopmentTestRelyingParty.Realm));
        Assert.Equal([RelyingParty.MicrosoftOnlineRealm], host.Catalog.All.Select(p => p.Realm));
    }

    [Fact]
    public void Development_can_switch_it_off()
    {
        using var host = new Host(Environments.Development, "false");

        Assert.False(host.Options.CurrentValue.Development.TestRelyingParty);
        Assert.Null(host.Catalog.FindByRealm(DevelopmentTestRelyingParty.Realm));
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    [InlineData("development-like")]
    public void Switched_on_outside_development_the_options_are_invalid_with_one_precise_reason(string environment)
    {
        using var host = new Host(environment, "true");

        var error = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<IdpOptions>>().Value);

        Assert.Equal([Refusal(environment)], error.Failures);
        Assert.DoesNotContain('\n', error.Failures.Single());
    }

    [Fact]
    public void A_reload_that_switches_it_on_in_production_is_refused_and_the_last_good_options_stay()
    {
        using var host = new Host(Environments.Production, testRelyingParty: null);
        Assert.False(host.Options.CurrentValue.Development.TestRelyingParty);

        host.Configuration.Providers.OfType<MemoryConfigurationProvider>().Single().Set(TestRelyingPartyEnvironmentRule.Key, "true");
        host.Configuration.Reload();

        Assert.False(host.Options.CurrentValue.Development.TestRelyingParty);
        Assert.Null(host.Catalog.FindByRealm(DevelopmentTestRelyingParty.Realm));
        Assert.Equal([Refusal("Production")], host.Services.GetRequiredService<LastGoodOptionsFactory<IdpOptions>>().LastRejection);
    }

    [Fact]
    public void A_configured_relying_party_cannot_claim_the_reserved_realm() =>
        OptionsValidation.AssertOnlyFailure(
            "Idp:RelyingParties:0:Realm 'urn:idpfederation:dev-test-rp' is reserved for the development test relying party; use Idp:Development:TestRelyingParty instead.",
            o => o.RelyingParties[0].Realm = DevelopmentTestRelyingParty.Realm);

    [Fact]
    public void Without_the_server_rule_the_switch_stays_unset_and_the_catalog_leaves_the_realm_out()
    {
        // The CLI binds the same options without the rule: nothing there serves the page.
        var catalog = new CoreTestFactory().CreateRelyingPartyCatalog();

        Assert.Null(new CoreTestFactory().CurrentOptions.Development.TestRelyingParty);
        Assert.Null(catalog.FindByRealm(DevelopmentTestRelyingParty.Realm));
    }

    [Fact]
    public void The_reply_url_follows_the_public_base_url_with_or_without_a_trailing_slash()
    {
        Assert.Equal("https://sts.contoso.com/dev/test-rp/", DevelopmentTestRelyingParty.ReplyUrl("https://sts.contoso.com/"));
        Assert.Equal("https://sts.contoso.com/dev/test-rp/", DevelopmentTestRelyingParty.ReplyUrl("https://sts.contoso.com"));
    }
}
