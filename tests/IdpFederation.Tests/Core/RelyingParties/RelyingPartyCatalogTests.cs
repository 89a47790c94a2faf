using IdpFederation.Core.Configuration;
using IdpFederation.Core.RelyingParties;

namespace IdpFederation.Tests.CoreLayer;

[Trait("Kind", "Unit")]
public sealed class RelyingPartyCatalogTests
{
    private readonly CoreTestFactory _factory = new();

    [Fact]
    public void Microsoft_365_is_built_in_with_entras_realm_and_reply_url()
    {
        var party = _factory.CreateRelyingPartyCatalog().FindByRealm("urn:federation:MicrosoftOnline");

        Assert.NotNull(party);
        Assert.Equal("urn:federation:MicrosoftOnline", party.Realm);
        Assert.Equal(["https://login.microsoftonline.com/login.srf"], party.ReplyUrls);
        Assert.Equal("https://login.microsoftonline.com/login.srf", party.DefaultReplyUrl);
        Assert.Equal("Microsoft 365", party.DisplayName);
    }

    [Fact]
    public void Microsoft_365_is_present_even_with_nothing_configured()
    {
        var factory = new CoreTestFactory(o => o.RelyingParties.Clear());

        var all = factory.CreateRelyingPartyCatalog().All.ToArray();

        Assert.Equal([RelyingParty.MicrosoftOnline], all);
    }

    [Fact]
    public void A_configured_party_is_found_with_its_reply_urls_in_order()
    {
        var party = _factory.CreateRelyingPartyCatalog().FindByRealm(CoreTestFactory.PortalRealm);

        Assert.NotNull(party);
        Assert.Equal("Contoso Portal", party.DisplayName);
        Assert.Equal([CoreTestFactory.PortalReply, CoreTestFactory.PortalAlternateReply], party.ReplyUrls);
        Assert.Equal(CoreTestFactory.PortalReply, party.DefaultReplyUrl);
    }

    [Fact]
    public void A_party_without_a_display_name_is_shown_by_its_realm()
    {
        var factory = new CoreTestFactory(o => o.RelyingParties[0].DisplayName = " ");

        Assert.Equal(CoreTestFactory.PortalRealm, factory.CreateRelyingPartyCatalog().FindByRealm(CoreTestFactory.PortalRealm)?.DisplayName);
    }

    [Fact]
    public void A_disabled_party_is_absent()
    {
        var catalog = _factory.CreateRelyingPartyCatalog();

        Assert.Null(catalog.FindByRealm(CoreTestFactory.DisabledRealm));
        Assert.DoesNotContain(catalog.All, p => p.Realm == CoreTestFactory.DisabledRealm);
        Assert.Equal(2, catalog.All.Count());
    }

    [Theory]
    [InlineData("urn:federation:microsoftonline")]
    [InlineData("URN:FEDERATION:MICROSOFTONLINE")]
    [InlineData("urn:federation:MicrosoftOnline ")]
    [InlineData(" urn:federation:MicrosoftOnline")]
    [InlineData("urn:federation:MicrosoftOnline/")]
    [InlineData("https://apps.contoso.com/portal/")]
    [InlineData("https://APPS.contoso.com/portal")]
    [InlineData("https://apps.contoso.com")]
    [InlineData("")]
    public void Realms_are_matched_exactly_and_ordinally(string realm) =>
        Assert.Null(_factory.CreateRelyingPartyCatalog().FindByRealm(realm));

    [Fact]
    public void FindByRealm_refuses_null() => Assert.Throws<ArgumentNullException>(() => _factory.CreateRelyingPartyCatalog().FindByRealm(null!));

    [Fact]
    public void The_registered_reply_url_itself_is_accepted()
    {
        var party = _factory.CreateRelyingPartyCatalog().FindByRealm(CoreTestFactory.PortalRealm)!;

        Assert.True(party.IsRegisteredReplyUrl(CoreTestFactory.PortalReply));
        Assert.True(party.IsRegisteredReplyUrl(CoreTestFactory.PortalAlternateReply));
        Assert.True(RelyingParty.MicrosoftOnline.IsRegisteredReplyUrl("https://login.microsoftonline.com/login.srf"));
    }

    [Theory]
    [InlineData("https://login.microsoftonline.com/login.srf/")]
    [InlineData("https://login.microsoftonline.com/login.srf?x=1")]
    [InlineData("https://login.microsoftonline.com/login.srf#x")]
    [InlineData("https://login.microsoftonline.com/login.srfx")]
    [InlineData("https://login.microsoftonline.com/login.sr")]
    [InlineData("https://login.microsoftonline.com/")]
    [InlineData("https://login.microsoftonline.com")]
    [InlineData("https://LOGIN.microsoftonline.com/login.srf")]
    [InlineData("https://login.microsoftonline.com/LOGIN.SRF")]
    [InlineData("http://login.microsoftonline.com/login.srf")]
    [InlineData("https://login.microsoftonline.com:443/login.srf")]
    [InlineData("https://login.microsoftonline.com.evil.example/login.srf")]
    [InlineData("https://evil.example/https://login.microsoftonline.com/login.srf")]
    [InlineData("https://login.microsoftonline.com@evil.example/login.srf")]
    [InlineData(" https://login.microsoftonline.com/login.srf")]
    [InlineData("https://login.microsoftonline.com/login.srf ")]
    [InlineData("https://login.microsoftonline.com/%6Cogin.srf")]
    [InlineData("")]
    public void Reply_url_variants_are_refused(string url) =>
        Assert.False(RelyingParty.MicrosoftOnline.IsRegisteredReplyUrl(url));

    [Fact]
    public void A_reply_url_of_another_party_is_not_registered_for_this_one()
    {
        var catalog = _factory.CreateRelyingPartyCatalog();

        Assert.False(catalog.FindByRealm(RelyingParty.MicrosoftOnlineRealm)!.IsRegisteredReplyUrl(CoreTestFactory.PortalReply));
        Assert.False(catalog.FindByRealm(CoreTestFactory.PortalRealm)!.IsRegisteredReplyUrl(RelyingParty.MicrosoftOnlineReplyUrl));
    }

    [Fact]
    public void The_catalog_rebuilds_when_options_reload()
    {
        var catalog = _factory.CreateRelyingPartyCatalog();
        Assert.NotNull(catalog.FindByRealm(CoreTestFactory.PortalRealm));

        var reloaded = CoreTestFactory.DefaultOptions();
        reloaded.RelyingParties[0].Enabled = false;
        reloaded.RelyingParties[1].Enabled = true;
        reloaded.RelyingParties.Add(new RelyingPartyOptions { Realm = "urn:contoso:new", ReplyUrls = ["https://new.contoso.com/signin"] });
        _factory.Options.Set(reloaded);

        Assert.Null(catalog.FindByRealm(CoreTestFactory.PortalRealm));
        Assert.NotNull(catalog.FindByRealm(CoreTestFactory.DisabledRealm));
        Assert.Equal(["https://new.contoso.com/signin"], catalog.FindByRealm("urn:contoso:new")?.ReplyUrls);
        Assert.NotNull(catalog.FindByRealm(RelyingParty.MicrosoftOnlineRealm));
    }

    [Fact]
    public void Unchanged_options_reuse_the_built_catalog()
    {
        var catalog = _factory.CreateRelyingPartyCatalog();

        var first = catalog.FindByRealm(CoreTestFactory.PortalRealm);
        var second = catalog.FindByRealm(CoreTestFactory.PortalRealm);

        Assert.Same(first, second);
    }

    [Fact]
    public void The_built_party_does_not_alias_the_options_list()
    {
        var catalog = _factory.CreateRelyingPartyCatalog();
        var party = catalog.FindByRealm(CoreTestFactory.PortalRealm)!;

        _factory.CurrentOptions.RelyingParties[0].ReplyUrls.Add("https://attacker.example/steal");

        Assert.False(party.IsRegisteredReplyUrl("https://attacker.example/steal"));
    }

    [Fact]
    public void A_configured_entry_may_override_the_built_in_microsoft_365_party()
    {
        var factory = new CoreTestFactory(o => o.RelyingParties.Add(new RelyingPartyOptions
        {
            Realm = RelyingParty.MicrosoftOnlineRealm,
            DisplayName = "Microsoft 365 (sovereign)",
            ReplyUrls = ["https://login.microsoftonline.us/login.srf"],
        }));

        var party = factory.CreateRelyingPartyCatalog().FindByRealm(RelyingParty.MicrosoftOnlineRealm);

        Assert.Equal(["https://login.microsoftonline.us/login.srf"], party?.ReplyUrls);
        Assert.Single(factory.CreateRelyingPartyCatalog().All, p => p.Realm == RelyingParty.MicrosoftOnlineRealm);
    }
}
