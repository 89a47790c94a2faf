using IdpFederation.Core.Configuration;
using static IdpFederation.Tests.CoreLayer.OptionsValidation;

namespace IdpFederation.Tests.CoreLayer;

/// <summary>Idp:Mfa:* at start-up and on reload.</summary>
[Trait("Kind", "Unit")]
public sealed class MfaOptionsValidationTests
{
    [Fact]
    public void The_defaults_are_eight_hours_fifteen_minutes_no_issuer_and_a_device_cookie_of_its_own()
    {
        var mfa = new MfaOptions();

        Assert.Equal(TimeSpan.FromHours(8), mfa.Lifetime);
        Assert.Equal(TimeSpan.FromMinutes(15), mfa.EnrollmentWindow);
        Assert.Null(mfa.Issuer);
        Assert.Equal("idpfed.device", mfa.RememberDeviceCookieName);
        Assert.Empty(Failures(_ => { }));
    }

    [Fact]
    public void A_zero_lifetime_is_refused() =>
        AssertOnlyFailure("Idp:Mfa:Lifetime 00:00:00 must be between 0 and 30 days.", o => o.Mfa.Lifetime = TimeSpan.Zero);

    [Fact]
    public void A_negative_lifetime_is_refused() =>
        AssertOnlyFailure("Idp:Mfa:Lifetime -00:00:01 must be between 0 and 30 days.", o => o.Mfa.Lifetime = TimeSpan.FromSeconds(-1));

    [Fact]
    public void A_lifetime_over_thirty_days_is_refused() =>
        AssertOnlyFailure("Idp:Mfa:Lifetime 31.00:00:00 must be between 0 and 30 days.", o => o.Mfa.Lifetime = TimeSpan.FromDays(31));

    [Theory]
    [InlineData("00:00:01")]
    [InlineData("30.00:00:00")]
    public void Lifetimes_up_to_thirty_days_are_accepted(string lifetime) =>
        Assert.Empty(Failures(o => o.Mfa.Lifetime = TimeSpan.Parse(lifetime, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void An_enrolment_window_under_a_minute_is_refused() =>
        AssertOnlyFailure("Idp:Mfa:EnrollmentWindow 00:00:30 must be between 1 and 60 minutes.", o => o.Mfa.EnrollmentWindow = TimeSpan.FromSeconds(30));

    [Fact]
    public void An_enrolment_window_over_an_hour_is_refused() =>
        AssertOnlyFailure("Idp:Mfa:EnrollmentWindow 01:00:01 must be between 1 and 60 minutes.", o => o.Mfa.EnrollmentWindow = TimeSpan.FromSeconds(3601));

    [Theory]
    [InlineData(1)]
    [InlineData(60)]
    public void Enrolment_windows_of_one_to_sixty_minutes_are_accepted(int minutes) =>
        Assert.Empty(Failures(o => o.Mfa.EnrollmentWindow = TimeSpan.FromMinutes(minutes)));

    [Theory]
    [InlineData("Contoso:IT")]
    [InlineData(":")]
    [InlineData("")]
    [InlineData("   ")]
    public void An_issuer_with_a_colon_or_blank_is_refused(string issuer) =>
        AssertOnlyFailure("Idp:Mfa:Issuer must be 1 to 64 characters without ':' (authenticator apps split the account label at the colon).",
            o => o.Mfa.Issuer = issuer);

    [Fact]
    public void An_issuer_over_64_characters_is_refused() =>
        AssertOnlyFailure("Idp:Mfa:Issuer must be 1 to 64 characters without ':' (authenticator apps split the account label at the colon).",
            o => o.Mfa.Issuer = new string('x', 65));

    [Fact]
    public void An_issuer_of_64_characters_or_none_is_accepted()
    {
        Assert.Empty(Failures(o => o.Mfa.Issuer = new string('x', 64)));
        Assert.Empty(Failures(o => o.Mfa.Issuer = "Contoso Sign-in"));
        Assert.Empty(Failures(o => o.Mfa.Issuer = null));
    }

    [Fact]
    public void The_device_cookie_may_not_share_the_session_cookies_name() =>
        AssertOnlyFailure("Idp:Mfa:RememberDeviceCookieName 'idpfed.session' must be a cookie name (letters, digits, '.', '_', '-') different from the session cookie.",
            o => o.Mfa.RememberDeviceCookieName = o.Session.CookieName);

    [Fact]
    public void The_device_cookie_is_compared_with_a_renamed_session_cookie() =>
        AssertOnlyFailure("Idp:Mfa:RememberDeviceCookieName 'sso' must be a cookie name (letters, digits, '.', '_', '-') different from the session cookie.",
            o =>
            {
                o.Session.CookieName = "sso";
                o.Mfa.RememberDeviceCookieName = "sso";
            });

    [Theory]
    [InlineData("")]
    [InlineData("device cookie")]
    [InlineData("device;path=/")]
    [InlineData("dévice")]
    public void The_device_cookie_name_must_be_a_plain_token(string name) =>
        AssertOnlyFailure($"Idp:Mfa:RememberDeviceCookieName '{name}' must be a cookie name (letters, digits, '.', '_', '-') different from the session cookie.",
            o => o.Mfa.RememberDeviceCookieName = name);
}
