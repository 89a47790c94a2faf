using IdpFederation.Core.RelyingParties;
using IdpFederation.Core.SignIn;
using IdpFederation.Protocols.WsFederation;

namespace IdpFederation.Tests.CoreLayer;

[Trait("Kind", "Unit")]
public sealed class WsFederationRequestValidatorTests
{
    private const string Entra = "urn:federation:MicrosoftOnline";
    private const string EntraWctx = "LoginOptions=3&estsredirect=2&estsrequest=rQIIAbPSySgpKSi20tcvyC8qSczRy0ktLkktLkksLtFLzs8tyi8pSszTyy_KTS0GKkwsLvEoyczPy0xWSM5PKcpMT8svyi8HAA";

    private readonly CoreTestFactory _factory = new();

    /// <summary>Parses a wsignin1.0 request the way the endpoint does, so the validator sees what it sees in production.</summary>
    private static WsFederationMessage SignIn(params (string Name, string? Value)[] parameters)
    {
        var all = parameters.Prepend((Name: "wa", Value: (string?)"wsignin1.0")).Select(p => KeyValuePair.Create(p.Name, p.Value));
        var parsed = WsFederationMessage.Parse(all);
        Assert.False(parsed.IsError, parsed.Error);
        return parsed.Message;
    }

    private ValidationResult<ValidatedSignInRequest> Validate(WsFederationMessage message) =>
        _factory.CreateWsFederationRequestValidator().ValidateSignIn(message);

    private ValidatedSignInRequest Valid(WsFederationMessage message)
    {
        var result = Validate(message);
        Assert.False(result.IsError, result.Error?.Description);
        Assert.NotNull(result.Value);
        return result.Value;
    }

    private static SignInError Refused(ValidationResult<ValidatedSignInRequest> result)
    {
        Assert.True(result.IsError);
        Assert.Null(result.Value);
        return result.Error!;
    }

    [Fact]
    public void Entras_observed_request_is_accepted_with_every_field_carried_over()
    {
        var request = Valid(SignIn(
            ("client-request-id", "2b2f6c1e-8a71-4e2b-9c3a-1f3c6f0f7d10"),
            ("wtrealm", Entra),
            ("wctx", EntraWctx),
            ("cbcxt", ""),
            ("username", "alice@contoso.com"),
            ("mkt", ""),
            ("lc", "")));

        Assert.Equal(SignInProtocol.WsFederation, request.Protocol);
        Assert.Same(RelyingParty.MicrosoftOnline, request.RelyingParty);
        Assert.Equal("https://login.microsoftonline.com/login.srf", request.ReplyUrl);
        Assert.Equal(EntraWctx, request.Context);
        Assert.Equal("alice@contoso.com", request.UsernameHint);
        Assert.Equal("2b2f6c1e-8a71-4e2b-9c3a-1f3c6f0f7d10", request.ClientRequestId);
        Assert.False(request.ForceFreshAuthentication);
        Assert.False(request.MfaRequested);
    }

    [Theory]
    [InlineData("not-a-guid")]
    [InlineData("")]
    public void A_client_request_id_that_is_not_a_guid_is_dropped_not_refused(string value) =>
        Assert.Null(Valid(SignIn(("wtrealm", Entra), ("client-request-id", value))).ClientRequestId);

    [Fact]
    public void A_long_client_request_id_is_not_carried_into_the_pending_sign_in()
    {
        // Issue 10 item 2: a posted client-request-id of 60,000 characters was stored in every pending sign-in.
        var request = Valid(SignIn(("wtrealm", Entra), ("client-request-id", "2b2f6c1e-8a71-4e2b-9c3a-1f3c6f0f7d10" + new string(' ', 60_000))));

        Assert.Null(request.ClientRequestId);
    }

    [Fact]
    public void ReceivedAt_comes_from_the_injected_clock()
    {
        var validator = _factory.CreateWsFederationRequestValidator();
        var first = validator.ValidateSignIn(SignIn(("wtrealm", Entra))).Value!;
        _factory.Time.Advance(TimeSpan.FromMinutes(3));
        var second = validator.ValidateSignIn(SignIn(("wtrealm", Entra))).Value!;

        Assert.Equal(ManualTimeProvider.DefaultStart, first.ReceivedAt);
        Assert.Equal(ManualTimeProvider.DefaultStart.AddMinutes(3), second.ReceivedAt);
    }

    [Theory]
    [InlineData("wctx with spaces, & ampersands = and %41 escapes")]
    [InlineData("  leading and trailing  ")]
    [InlineData("<xml attr=\"quoted\">'</xml>")]
    [InlineData("line\r\nbreak\ttab")]
    [InlineData("")]
    public void Wctx_is_preserved_byte_for_byte(string wctx) =>
        Assert.Equal(wctx, Valid(SignIn(("wtrealm", Entra), ("wctx", wctx))).Context);

    [Fact]
    public void An_absent_wctx_stays_null() => Assert.Null(Valid(SignIn(("wtrealm", Entra))).Context);

    // ---- realm ----

    [Fact]
    public void A_missing_realm_is_an_invalid_request()
    {
        var error = Refused(Validate(SignIn(("wctx", "x"))));

        Assert.Equal(SignInErrorCodes.InvalidRequest, error.Code);
        Assert.Equal("The sign-in request has no wtrealm.", error.Description);
        Assert.Equal(400, error.StatusCode);
    }

    [Fact]
    public void An_empty_realm_is_an_invalid_request() =>
        Assert.Equal(SignInErrorCodes.InvalidRequest, Refused(Validate(SignIn(("wtrealm", "")))).Code);

    [Theory]
    [InlineData("urn:federation:microsoftonline")]
    [InlineData("urn:contoso:unknown")]
    [InlineData(CoreTestFactory.DisabledRealm)]
    [InlineData("https://login.microsoftonline.com/login.srf")]
    public void An_unknown_or_disabled_realm_is_refused(string realm)
    {
        var error = Refused(Validate(SignIn(("wtrealm", realm))));

        Assert.Equal(SignInErrorCodes.UnknownRealm, error.Code);
        Assert.Equal("The application that sent you here (wtrealm) is not registered with this sign-in service.", error.Description);
        Assert.Equal(400, error.StatusCode);
        Assert.DoesNotContain(realm, error.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void A_configured_realm_is_accepted_with_its_default_reply()
    {
        var request = Valid(SignIn(("wtrealm", CoreTestFactory.PortalRealm)));

        Assert.Equal(CoreTestFactory.PortalRealm, request.RelyingParty.Realm);
        Assert.Equal(CoreTestFactory.PortalReply, request.ReplyUrl);
    }

    // ---- wreply ----

    [Fact]
    public void A_registered_wreply_is_used()
    {
        var request = Valid(SignIn(("wtrealm", CoreTestFactory.PortalRealm), ("wreply", CoreTestFactory.PortalAlternateReply)));

        Assert.Equal(CoreTestFactory.PortalAlternateReply, request.ReplyUrl);
    }

    [Fact]
    public void An_empty_wreply_falls_back_to_the_default() =>
        Assert.Equal(RelyingParty.MicrosoftOnlineReplyUrl, Valid(SignIn(("wtrealm", Entra), ("wreply", ""))).ReplyUrl);

    [Theory]
    [InlineData("https://evil.example/login.srf")]
    [InlineData("https://login.microsoftonline.com/login.srf/")]
    [InlineData("https://login.microsoftonline.com/login.srf?x=1")]
    [InlineData("https://login.microsoftonline.com/LOGIN.SRF")]
    [InlineData("http://login.microsoftonline.com/login.srf")]
    [InlineData("https://login.microsoftonline.com.evil.example/login.srf")]
    [InlineData(CoreTestFactory.PortalReply)]
    public void An_unregistered_wreply_is_refused(string reply)
    {
        var error = Refused(Validate(SignIn(("wtrealm", Entra), ("wreply", reply))));

        Assert.Equal(SignInErrorCodes.UnregisteredReplyUrl, error.Code);
        Assert.Equal("The reply address (wreply) is not registered for this application.", error.Description);
        Assert.Equal(400, error.StatusCode);
    }

    // ---- length caps ----

    [Fact]
    public void Wctx_at_the_limit_is_accepted_and_one_over_is_refused()
    {
        var limit = _factory.CurrentOptions.WsFederation.MaxWctxLength;
        Assert.Equal(limit, Valid(SignIn(("wtrealm", Entra), ("wctx", new string('c', limit)))).Context?.Length);

        var error = Refused(Validate(SignIn(("wtrealm", Entra), ("wctx", new string('c', limit + 1)))));

        Assert.Equal(SignInErrorCodes.ParameterTooLong, error.Code);
        Assert.Equal($"wctx is {limit + 1} characters; the limit is {limit}.", error.Description);
        Assert.Equal(400, error.StatusCode);
    }

    [Fact]
    public void Realm_over_the_limit_is_refused_before_it_is_looked_up()
    {
        var factory = new CoreTestFactory(o => o.WsFederation.MaxRealmLength = Entra.Length - 1);

        var error = Refused(factory.CreateWsFederationRequestValidator().ValidateSignIn(SignIn(("wtrealm", Entra))));

        Assert.Equal(SignInErrorCodes.ParameterTooLong, error.Code);
        Assert.Equal($"wtrealm is longer than {Entra.Length - 1} characters.", error.Description);
    }

    [Fact]
    public void Realm_exactly_at_the_limit_is_accepted()
    {
        var factory = new CoreTestFactory(o => o.WsFederation.MaxRealmLength = Entra.Length);

        Assert.False(factory.CreateWsFederationRequestValidator().ValidateSignIn(SignIn(("wtrealm", Entra))).IsError);
    }

    [Fact]
    public void Wreply_over_the_limit_is_refused_even_if_it_would_not_match()
    {
        var limit = _factory.CurrentOptions.WsFederation.MaxReplyUrlLength;
        var reply = "https://login.microsoftonline.com/login.srf?" + new string('r', limit);

        var error = Refused(Validate(SignIn(("wtrealm", Entra), ("wreply", reply))));

        Assert.Equal(SignInErrorCodes.ParameterTooLong, error.Code);
        Assert.Equal($"wreply is longer than {limit} characters.", error.Description);
    }

    [Fact]
    public void Username_over_the_limit_is_refused_and_at_the_limit_accepted()
    {
        var limit = _factory.CurrentOptions.WsFederation.MaxUsernameLength;
        var atLimit = new string('u', limit - "@contoso.com".Length) + "@contoso.com";
        Assert.Equal(atLimit, Valid(SignIn(("wtrealm", Entra), ("username", atLimit))).UsernameHint);

        var error = Refused(Validate(SignIn(("wtrealm", Entra), ("username", "u" + atLimit))));

        Assert.Equal(SignInErrorCodes.ParameterTooLong, error.Code);
        Assert.Equal($"username is longer than {limit} characters.", error.Description);
    }

    [Fact]
    public void Length_caps_follow_a_reload()
    {
        var validator = _factory.CreateWsFederationRequestValidator();
        var message = SignIn(("wtrealm", Entra), ("wctx", new string('c', 100)));
        Assert.False(validator.ValidateSignIn(message).IsError);

        var reloaded = CoreTestFactory.DefaultOptions();
        reloaded.WsFederation.MaxWctxLength = 99;
        _factory.Options.Set(reloaded);

        Assert.Equal("wctx is 100 characters; the limit is 99.", Refused(validator.ValidateSignIn(message)).Description);
    }

    [Fact]
    public void Length_is_checked_before_the_realm_so_an_oversized_request_without_realm_reports_the_length() =>
        Assert.Equal(SignInErrorCodes.ParameterTooLong, Refused(Validate(SignIn(("wctx", new string('c', 9000))))).Code);

    // ---- freshness and MFA ----

    [Fact]
    public void Wfresh_zero_forces_fresh_authentication() =>
        Assert.True(Valid(SignIn(("wtrealm", Entra), ("wfresh", "0"))).ForceFreshAuthentication);

    [Theory]
    [InlineData("login")]
    [InlineData("LOGIN")]
    [InlineData("Login")]
    public void Prompt_login_forces_fresh_authentication(string prompt) =>
        Assert.True(Valid(SignIn(("wtrealm", Entra), ("prompt", prompt))).ForceFreshAuthentication);

    [Fact]
    public void Entras_translated_prompt_login_forces_fresh_authentication_but_not_mfa()
    {
        // promptLoginBehavior=translateToFreshPasswordAuthentication (spec §1.1).
        var request = Valid(SignIn(("wtrealm", Entra), ("wfresh", "0"), ("wauth", WsFederationConstants.AuthenticationTypes.Password)));

        Assert.True(request.ForceFreshAuthentication);
        Assert.False(request.MfaRequested);
    }

    [Theory]
    [InlineData("wfresh", "60")]
    [InlineData("wfresh", "")]
    [InlineData("wfresh", "1")]
    [InlineData("prompt", "none")]
    [InlineData("prompt", "consent")]
    [InlineData("prompt", "")]
    [InlineData("wauth", WsFederationConstants.AuthenticationTypes.Password)]
    public void Other_values_do_not_force_fresh_authentication(string name, string value) =>
        Assert.False(Valid(SignIn(("wtrealm", Entra), (name, value))).ForceFreshAuthentication);

    [Fact]
    public void Wauth_multipleauthn_requests_mfa()
    {
        var request = Valid(SignIn(("wtrealm", Entra), ("wauth", "http://schemas.microsoft.com/claims/multipleauthn")));

        Assert.True(request.MfaRequested);
        Assert.False(request.ForceFreshAuthentication);
    }

    [Theory]
    [InlineData(WsFederationConstants.AuthenticationTypes.Password)]
    [InlineData(WsFederationConstants.AuthenticationTypes.Saml10Password)]
    [InlineData(WsFederationConstants.AuthenticationTypes.PasswordProtectedTransport)]
    [InlineData("http://schemas.microsoft.com/claims/wiaormultiauthn")]
    [InlineData("https://schemas.microsoft.com/claims/multipleauthn")]
    [InlineData("http://schemas.microsoft.com/claims/multipleauthn/")]
    [InlineData("")]
    public void Other_wauth_values_do_not_request_mfa(string wauth) =>
        Assert.False(Valid(SignIn(("wtrealm", Entra), ("wauth", wauth))).MfaRequested);

    [Fact]
    public void Null_message_is_refused() =>
        Assert.Throws<ArgumentNullException>(() => _factory.CreateWsFederationRequestValidator().ValidateSignIn(null!));
}
