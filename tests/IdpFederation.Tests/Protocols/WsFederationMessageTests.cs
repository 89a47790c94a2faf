using IdpFederation.Protocols.WsFederation;

namespace IdpFederation.Tests.Protocols;

/// <summary>Spec §1.1: parsing the sign-in request Entra sends.</summary>
[Trait("Kind", "Unit")]
public class WsFederationMessageTests
{
    private static WsFederationParseResult Parse(params (string Name, string? Value)[] parameters) =>
        WsFederationMessage.Parse(parameters.Select(p => new KeyValuePair<string, string?>(p.Name, p.Value)));

    [Fact]
    public void Parses_the_observed_entra_request()
    {
        var result = Parse(
            ("client-request-id", "7f0b6c1e-0000-4000-8000-000000000001"),
            ("wa", "wsignin1.0"),
            ("wtrealm", "urn:federation:MicrosoftOnline"),
            ("wctx", "LoginOptions=3&estsredirect=2&estsrequest=rQQIARAA"),
            ("cbcxt", ""),
            ("username", "alice@contoso.com"),
            ("mkt", ""),
            ("lc", ""),
            ("wfresh", "0"),
            ("wauth", WsFederationConstants.AuthenticationTypes.MultipleAuthN),
            ("whr", "contoso.com"),
            ("prompt", "login"),
            ("wreply", "https://login.microsoftonline.com/login.srf"));

        Assert.False(result.IsError, result.Error);
        var message = result.Message!;
        Assert.Equal(WsFederationConstants.Actions.SignIn, message.Action);
        Assert.Equal("urn:federation:MicrosoftOnline", message.Realm);
        Assert.Equal("LoginOptions=3&estsredirect=2&estsrequest=rQQIARAA", message.Context);
        Assert.Equal("alice@contoso.com", message.Username);
        Assert.Equal("7f0b6c1e-0000-4000-8000-000000000001", message.ClientRequestId);
        Assert.Equal("0", message.Freshness);
        Assert.Equal("http://schemas.microsoft.com/claims/multipleauthn", message.AuthenticationType);
        Assert.Equal("contoso.com", message.HomeRealm);
        Assert.Equal("login", message.Prompt);
        Assert.Equal("https://login.microsoftonline.com/login.srf", message.Reply);
    }

    [Theory]
    [InlineData("wtrealm")]
    [InlineData("wa")]
    [InlineData("wctx")]
    [InlineData("wreply")]
    [InlineData("username")]
    public void Rejects_a_parameter_given_twice(string name)
    {
        var result = Parse(("wa", "wsignin1.0"), (name, "a"), (name, "b"));
        if (name == "wa")
        {
            result = Parse(("wa", "wsignin1.0"), ("wa", "wsignin1.0"));
        }

        Assert.True(result.IsError);
        Assert.Equal($"Parameter '{name}' appears more than once.", result.Error);
        Assert.Null(result.Message);
    }

    [Fact]
    public void Rejects_missing_wa()
    {
        var result = Parse(("wtrealm", "urn:federation:MicrosoftOnline"));
        Assert.Equal("Parameter 'wa' is required.", result.Error);
        Assert.Equal("Parameter 'wa' is required.", Parse(("wa", "")).Error);
    }

    [Fact]
    public void Rejects_unknown_wa()
    {
        Assert.Equal("Parameter 'wa' has an unsupported value.", Parse(("wa", "wattr1.0")).Error);
    }

    [Theory]
    [InlineData("wa", "wsignin1.0\n")]
    [InlineData("wtrealm", "urn:federation:MicrosoftOnline\r\nX-Injected: 1")]
    [InlineData("wreply", "https://login.microsoftonline.com/\0")]
    public void Rejects_control_characters_in_identifiers(string name, string value)
    {
        var result = name == "wa" ? Parse((name, value)) : Parse(("wa", "wsignin1.0"), (name, value));
        Assert.Equal($"Parameter '{name}' contains control characters.", result.Error);
    }

    [Theory]
    [InlineData("LoginOptions%3D3%26estsredirect%3d2")]
    [InlineData("a=b&c=d%26e==&&")]
    [InlineData("ünïcødé ✓ 𝄞 日本語 \t\r\n trailing ")]
    [InlineData("")]
    public void Preserves_wctx_exactly(string wctx)
    {
        var result = Parse(("wa", "wsignin1.0"), ("wctx", wctx));
        Assert.False(result.IsError, result.Error);
        Assert.Equal(wctx, result.Message!.Context);
    }

    [Fact]
    public void Preserves_a_long_wctx_exactly()
    {
        var wctx = "LoginOptions=3&estsredirect=2&estsrequest=" + string.Concat(Enumerable.Repeat("rQQIARAAhZK%2B_-=&é", 100));
        Assert.True(wctx.Length > 1500);
        Assert.Equal(wctx, Parse(("wa", "wsignin1.0"), ("wctx", wctx)).Message!.Context);
    }

    [Fact]
    public void Absent_parameters_are_null_and_unknown_ones_are_ignored()
    {
        var message = Parse(("wa", "wsignout1.0"), ("cbcxt", "x"), ("cbcxt", "y"), ("WA", "other")).Message!;
        Assert.Equal(WsFederationConstants.Actions.SignOut, message.Action);
        Assert.Null(message.Realm);
        Assert.Null(message.Context);
        Assert.Null(message.Reply);
    }

    [Fact]
    public void Claim_and_authentication_uris_use_http()
    {
        Assert.Equal("http://schemas.microsoft.com/ws/2008/06/identity/authenticationmethod/password", WsFederationConstants.AuthenticationTypes.Password);
        Assert.Equal("http://schemas.xmlsoap.org/claims", WsFederationClaimTypes.UpnNamespace);
        Assert.Equal("http://schemas.microsoft.com/LiveID/Federation/2008/05", WsFederationClaimTypes.ImmutableIdNamespace);
        Assert.Equal("http://schemas.microsoft.com/claims", WsFederationClaimTypes.AuthnMethodsReferencesNamespace);
        Assert.Equal("http://schemas.microsoft.com/ws/2012/01", WsFederationClaimTypes.InsideCorporateNetworkNamespace);
    }
}
