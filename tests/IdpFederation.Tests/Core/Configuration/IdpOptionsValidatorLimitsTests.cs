using System.Globalization;
using IdpFederation.Core.Configuration;
using static IdpFederation.Tests.CoreLayer.OptionsValidation;

namespace IdpFederation.Tests.CoreLayer;

/// <summary>Start-up and reload validation: relying parties, lifetimes, branding and password hashing.</summary>
[Trait("Kind", "Unit")]
public sealed class IdpOptionsValidatorLimitsTests
{
    // ---- Relying parties ----

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("portal")]
    [InlineData("apps.contoso.com/portal")]
    public void A_relying_party_realm_must_be_an_absolute_uri(string realm) =>
        AssertOnlyFailure($"Idp:RelyingParties:0:Realm '{realm}' must be an absolute URI.", o => o.RelyingParties[0].Realm = realm);

    [Fact]
    public void A_disabled_relying_party_is_still_validated() =>
        AssertOnlyFailure("Idp:RelyingParties:1:Realm 'retired' must be an absolute URI.", o => o.RelyingParties[1].Realm = "retired");

    [Fact]
    public void A_relying_party_needs_a_reply_url() =>
        AssertOnlyFailure("Idp:RelyingParties:0:ReplyUrls must list at least one URL.", o => o.RelyingParties[0].ReplyUrls.Clear());

    [Theory]
    [InlineData("http://apps.contoso.com/portal/signin")]
    [InlineData("https://apps.contoso.com/portal/signin#token")]
    [InlineData("/portal/signin")]
    [InlineData("apps.contoso.com/portal/signin")]
    [InlineData("//apps.contoso.com/portal/signin")]
    [InlineData("javascript:alert(document.cookie)")]
    [InlineData("data:text/html,<script>alert(1)</script>")]
    [InlineData("")]
    public void Reply_urls_must_be_absolute_https_without_a_fragment(string reply) =>
        AssertOnlyFailure($"Idp:RelyingParties:0:ReplyUrls:1 '{reply}' must be an absolute https URL without a fragment.",
            o => o.RelyingParties[0].ReplyUrls[1] = reply);

    [Fact]
    public void Each_bad_reply_url_is_named_by_its_index()
    {
        var failures = Failures(o => o.RelyingParties[0].ReplyUrls = ["http://a.contoso.com/", "https://ok.contoso.com/", "http://b.contoso.com/"]);

        Assert.Equal(2, failures.Count);
        Assert.StartsWith("Idp:RelyingParties:0:ReplyUrls:0 'http://a.contoso.com/'", failures[0]);
        Assert.StartsWith("Idp:RelyingParties:0:ReplyUrls:2 'http://b.contoso.com/'", failures[1]);
    }

    // ---- Lifetimes ----

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("-00:00:01")]
    [InlineData("1.00:00:01")]
    [InlineData("7.00:00:00")]
    public void Token_lifetime_must_be_positive_and_at_most_a_day(string value)
    {
        var lifetime = TimeSpan.Parse(value, CultureInfo.InvariantCulture);

        AssertOnlyFailure($"Idp:Tokens:Lifetime {lifetime} must be between 0 and 24 hours.", o => o.Tokens.Lifetime = lifetime);
    }

    [Theory]
    [InlineData("00:00:01")]
    [InlineData("01:00:00")]
    [InlineData("1.00:00:00")]
    public void Token_lifetime_bounds_are_inclusive_of_a_day(string value) =>
        Assert.Empty(Failures(o => o.Tokens.Lifetime = TimeSpan.Parse(value, CultureInfo.InvariantCulture)));

    [Theory]
    [InlineData("-00:00:01")]
    [InlineData("00:15:01")]
    [InlineData("01:00:00")]
    public void NotBeforeSkew_must_be_between_zero_and_fifteen_minutes(string value)
    {
        var skew = TimeSpan.Parse(value, CultureInfo.InvariantCulture);

        AssertOnlyFailure($"Idp:Tokens:NotBeforeSkew {skew} must be between 0 and 15 minutes.", o => o.Tokens.NotBeforeSkew = skew);
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("00:15:00")]
    public void NotBeforeSkew_bounds_are_inclusive(string value) =>
        Assert.Empty(Failures(o => o.Tokens.NotBeforeSkew = TimeSpan.Parse(value, CultureInfo.InvariantCulture)));

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("-01:00:00")]
    public void Sliding_expiration_must_be_positive(string value) =>
        AssertOnlyFailure("Idp:Session:SlidingExpiration must be positive.",
            o => o.Session.SlidingExpiration = TimeSpan.Parse(value, CultureInfo.InvariantCulture));

    [Fact]
    public void Absolute_expiration_may_not_be_shorter_than_sliding() =>
        AssertOnlyFailure("Idp:Session:AbsoluteExpiration must not be shorter than SlidingExpiration.", o =>
        {
            o.Session.SlidingExpiration = TimeSpan.FromHours(8);
            o.Session.AbsoluteExpiration = TimeSpan.FromHours(8) - TimeSpan.FromTicks(1);
        });

    [Fact]
    public void Absolute_expiration_equal_to_sliding_is_accepted() =>
        Assert.Empty(Failures(o => o.Session.AbsoluteExpiration = o.Session.SlidingExpiration));

    [Theory]
    [InlineData("-00:00:01")]
    [InlineData("00:05:01")]
    [InlineData("01:00:00")]
    public void User_cache_duration_must_be_between_zero_and_five_minutes(string value)
    {
        var duration = TimeSpan.Parse(value, CultureInfo.InvariantCulture);

        AssertOnlyFailure($"Idp:Session:UserCacheDuration {duration} must be between 0 and 5 minutes.", o => o.Session.UserCacheDuration = duration);
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("00:00:05")]
    [InlineData("00:05:00")]
    public void User_cache_duration_bounds_are_inclusive_and_zero_turns_it_off(string value) =>
        Assert.Empty(Failures(o => o.Session.UserCacheDuration = TimeSpan.Parse(value, CultureInfo.InvariantCulture)));

    // ---- Branding ----

    [Theory]
    [InlineData("red")]
    [InlineData("")]
    [InlineData("#12345")]
    [InlineData("#1234567")]
    [InlineData("#ggg")]
    [InlineData("0067b8")]
    [InlineData("#fff;background:url(https://evil.example/x)")]
    [InlineData("#fff}body{display:none")]
    [InlineData("#fff</style><script>alert(1)</script>")]
    [InlineData("expression(alert(1))")]
    [InlineData("rgb(0,0,0)")]
    [InlineData("#fff\"")]
    [InlineData(" #fff")]
    public void Colours_must_be_plain_hex_so_they_cannot_inject_css(string colour)
    {
        AssertOnlyFailure($"Idp:Branding:PrimaryColor '{colour}' must be a hex colour such as #0067b8.", o => o.Branding.PrimaryColor = colour);
        AssertOnlyFailure($"Idp:Branding:BackgroundColor '{colour}' must be a hex colour such as #0067b8.", o => o.Branding.BackgroundColor = colour);
    }

    [Fact]
    public void A_null_colour_is_refused_not_thrown() =>
        AssertOnlyFailure("Idp:Branding:PrimaryColor '' must be a hex colour such as #0067b8.", o => o.Branding.PrimaryColor = null!);

    [Theory]
    [InlineData("#fff")]
    [InlineData("#FFF")]
    [InlineData("#a1B2c3")]
    public void Short_and_long_hex_colours_in_either_case_are_accepted(string colour) =>
        Assert.Empty(Failures(o => o.Branding.BackgroundColor = colour));

    [Theory]
    [InlineData("//evil.example/logo.png")]
    [InlineData("javascript:alert(1)")]
    [InlineData("JavaScript:alert(1)")]
    [InlineData("http://cdn.contoso.com/logo.png")]
    [InlineData("data:image/svg+xml,<svg onload='alert(1)'/>")]
    [InlineData("logo.png")]
    [InlineData("img/logo.png")]
    [InlineData("ftp://cdn.contoso.com/logo.png")]
    public void Logo_url_must_be_site_relative_or_https(string logo) =>
        AssertOnlyFailure($"Idp:Branding:LogoUrl '{logo}' must be a site-relative path or an https URL.", o => o.Branding.LogoUrl = logo);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("/img/logo.png")]
    [InlineData("https://cdn.contoso.com/logo.png")]
    public void Logo_url_may_be_absent_site_relative_or_https(string? logo) => Assert.Empty(Failures(o => o.Branding.LogoUrl = logo));

    // ---- Password hashing ----

    [Theory]
    [InlineData(99_999)]
    [InlineData(1)]
    [InlineData(0)]
    [InlineData(-1)]
    public void Pbkdf2_iterations_below_100000_are_refused(int iterations) =>
        AssertOnlyFailure($"Idp:PasswordHashing:Iterations {iterations} is below 100000; PBKDF2 that weak is brute-forceable.",
            o => o.PasswordHashing.Iterations = iterations);

    [Fact]
    public void Pbkdf2_iterations_of_100000_are_accepted() => Assert.Empty(Failures(o => o.PasswordHashing.Iterations = 100_000));

    [Fact]
    public void The_shipped_iteration_default_is_valid() =>
        Assert.Empty(Failures(o => o.PasswordHashing = new PasswordHashingOptions()));

    // ---- Flood limits (issue 10 item 2) ----

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(1_000_001)]
    public void The_per_address_sign_in_limit_must_be_between_1_and_a_million(int permits) =>
        AssertOnlyFailure($"Idp:RateLimits:SignInPerIp:PermitLimit {permits} must be between 1 and 1000000.", o => o.RateLimits.SignInPerIp.PermitLimit = permits);

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("00:00:00.5000000")]
    [InlineData("1.00:00:01")]
    public void The_per_address_sign_in_window_must_be_between_a_second_and_a_day(string window) =>
        AssertOnlyFailure($"Idp:RateLimits:SignInPerIp:Window {TimeSpan.Parse(window, CultureInfo.InvariantCulture)} must be between 1 second and 24 hours.",
            o => o.RateLimits.SignInPerIp.Window = TimeSpan.Parse(window, CultureInfo.InvariantCulture));

    [Theory]
    [InlineData(0)]
    [InlineData(1_000_001)]
    public void The_pending_sign_in_cap_must_be_between_1_and_a_million(int cap) =>
        AssertOnlyFailure($"Idp:State:MaxPendingSignIns {cap} must be between 1 and 1000000; it is what bounds the memory anonymous sign-in requests can take.",
            o => o.State.MaxPendingSignIns = cap);

    [Theory]
    [InlineData(0)]
    [InlineData(16_385)]
    public void The_wctx_cap_must_be_between_1_and_16_KB(int length) =>
        AssertOnlyFailure($"Idp:WsFederation:MaxWctxLength {length} must be between 1 and 16384; each pending sign-in stores the wctx.",
            o => o.WsFederation.MaxWctxLength = length);

    [Fact]
    public void The_defaults_bound_memory_and_let_no_single_address_fill_the_pending_cap()
    {
        var options = new IdpOptions();
        Assert.Equal((300, TimeSpan.FromMinutes(1)), (options.RateLimits.SignInPerIp.PermitLimit, options.RateLimits.SignInPerIp.Window));
        Assert.Equal(5_000, options.State.MaxPendingSignIns);
        Assert.Equal(8_192, options.WsFederation.MaxWctxLength);
        // A pending sign-in lives 15 minutes, which overlaps at most 16 one-minute windows of one address.
        Assert.True(16 * options.RateLimits.SignInPerIp.PermitLimit < options.State.MaxPendingSignIns);
    }
}
