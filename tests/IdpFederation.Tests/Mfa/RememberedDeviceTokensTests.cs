using IdpFederation.Core.Directory;
using IdpFederation.Core.Mfa;
using IdpFederation.Tests.CoreLayer;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;

namespace IdpFederation.Tests.Mfa;

[Trait("Kind", "Unit")]
public sealed class RememberedDeviceTokensTests
{
    private readonly CoreTestFactory _factory = new();
    private readonly RememberedDeviceTokens _tokens;
    private readonly DirectoryUser _alice;
    private readonly MfaEnrollment _enrollment;

    public RememberedDeviceTokensTests()
    {
        _tokens = _factory.CreateRememberedDeviceTokens();
        _alice = _factory.Directory.Add("alice@contoso.com");
        _enrollment = ConfirmedEnrollment(_alice, ManualTimeProvider.DefaultStart.AddDays(-3).AddMilliseconds(123));
    }

    private static MfaEnrollment ConfirmedEnrollment(DirectoryUser user, DateTimeOffset? confirmedAt) =>
        new(user.Id, "protected-seed", ManualTimeProvider.DefaultStart.AddDays(-3), confirmedAt, []);

    [Fact]
    public void A_token_is_remembered_for_the_user_and_enrolment_it_was_issued_for()
    {
        var token = _tokens.Issue(_alice, _enrollment, 30);

        Assert.True(_tokens.IsRemembered(token, _alice, _enrollment, 30));
        // Another instance sharing the key ring reads it too (a web farm, or after a restart).
        Assert.True(_factory.CreateRememberedDeviceTokens().IsRemembered(token, _alice, _enrollment, 30));
    }

    [Fact]
    public void The_token_is_url_safe_and_reveals_nothing_readable()
    {
        var token = _tokens.Issue(_alice, _enrollment, 30);

        Assert.Matches("^[A-Za-z0-9_-]+$", token);
        Assert.DoesNotContain(_alice.Id.ToString("N"), token, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("alice", token, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Another_users_token_is_not_remembered_even_for_an_enrolment_confirmed_at_the_same_instant()
    {
        var bob = _factory.Directory.Add("bob@contoso.com");
        var bobs = ConfirmedEnrollment(bob, _enrollment.ConfirmedAt);
        var bobsToken = _tokens.Issue(bob, bobs, 30);

        Assert.False(_tokens.IsRemembered(bobsToken, _alice, _enrollment, 30));
        Assert.False(_tokens.IsRemembered(bobsToken, _alice, bobs, 30));
        Assert.True(_tokens.IsRemembered(bobsToken, bob, bobs, 30));
    }

    [Fact]
    public void A_tampered_token_is_not_remembered()
    {
        var token = _tokens.Issue(_alice, _enrollment, 30);
        var bytes = WebEncoders.Base64UrlDecode(token);
        for (var i = 0; i < bytes.Length; i += 7)
        {
            var altered = bytes.ToArray();
            altered[i] ^= 0x01;
            Assert.False(_tokens.IsRemembered(WebEncoders.Base64UrlEncode(altered), _alice, _enrollment, 30), $"byte {i}");
        }

        Assert.False(_tokens.IsRemembered(WebEncoders.Base64UrlEncode(bytes[..^1]), _alice, _enrollment, 30));
        Assert.False(_tokens.IsRemembered(token + "A", _alice, _enrollment, 30));
    }

    [Fact]
    public void A_token_expires_after_the_days_it_was_issued_for()
    {
        var token = _tokens.Issue(_alice, _enrollment, 7);

        _factory.Time.Advance(TimeSpan.FromDays(7) - TimeSpan.FromMilliseconds(1));
        Assert.True(_tokens.IsRemembered(token, _alice, _enrollment, 30));

        _factory.Time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.False(_tokens.IsRemembered(token, _alice, _enrollment, 30));
    }

    [Fact]
    public void Lowering_the_policys_days_shortens_devices_already_remembered()
    {
        var token = _tokens.Issue(_alice, _enrollment, 30);
        _factory.Time.Advance(TimeSpan.FromDays(7));

        Assert.False(_tokens.IsRemembered(token, _alice, _enrollment, 7));
        Assert.True(_tokens.IsRemembered(token, _alice, _enrollment, 8));
        Assert.True(_tokens.IsRemembered(token, _alice, _enrollment, 30));
    }

    [Fact]
    public void Raising_the_policys_days_does_not_extend_a_token_beyond_what_it_was_issued_for()
    {
        var token = _tokens.Issue(_alice, _enrollment, 1);
        _factory.Time.Advance(TimeSpan.FromDays(2));

        Assert.False(_tokens.IsRemembered(token, _alice, _enrollment, 365));
    }

    [Fact]
    public void A_new_enrolment_or_a_reset_revokes_the_token()
    {
        var token = _tokens.Issue(_alice, _enrollment, 30);

        Assert.False(_tokens.IsRemembered(token, _alice, _enrollment with { ConfirmedAt = _enrollment.ConfirmedAt!.Value.AddMilliseconds(1) }, 30));
        Assert.False(_tokens.IsRemembered(token, _alice, _enrollment with { ConfirmedAt = _enrollment.ConfirmedAt!.Value.AddMilliseconds(-1) }, 30));
        Assert.False(_tokens.IsRemembered(token, _alice, _enrollment with { ConfirmedAt = null }, 30));
    }

    [Fact]
    public void The_confirmation_instant_is_compared_to_the_millisecond_as_a_database_returns_it()
    {
        var token = _tokens.Issue(_alice, _enrollment with { ConfirmedAt = _enrollment.ConfirmedAt!.Value.AddTicks(4_000) }, 30);

        Assert.True(_tokens.IsRemembered(token, _alice, _enrollment, 30));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("!!!!")]
    [InlineData("%2F%2F")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public void Missing_or_garbage_tokens_are_not_remembered(string? token) =>
        Assert.False(_tokens.IsRemembered(token, _alice, _enrollment, 30));

    [Fact]
    public void An_oversized_token_is_refused_before_any_decryption()
    {
        var valid = _tokens.Issue(_alice, _enrollment, 30);

        Assert.False(_tokens.IsRemembered(valid + new string('A', 1100), _alice, _enrollment, 30));
        Assert.False(_tokens.IsRemembered(new string('A', 1025), _alice, _enrollment, 30));
    }

    [Fact]
    public void Data_protected_for_another_purpose_or_key_ring_is_not_a_token()
    {
        var otherPurpose = WebEncoders.Base64UrlEncode(_factory.DataProtection.CreateProtector(RememberedDeviceTokens.Purpose).Protect(new byte[41]));
        var otherRing = new RememberedDeviceTokens(new EphemeralDataProtectionProvider(), _factory.Time).Issue(_alice, _enrollment, 30);

        Assert.False(_tokens.IsRemembered(otherPurpose, _alice, _enrollment, 30));
        Assert.False(_tokens.IsRemembered(otherRing, _alice, _enrollment, 30));
    }

    [Fact]
    public void Only_a_confirmed_enrolment_and_at_least_one_day_can_be_issued()
    {
        Assert.Throws<ArgumentException>(() => _tokens.Issue(_alice, _enrollment with { ConfirmedAt = null }, 30));
        Assert.Throws<ArgumentOutOfRangeException>(() => _tokens.Issue(_alice, _enrollment, 0));
        Assert.False(_tokens.IsRemembered(_tokens.Issue(_alice, _enrollment, 1), _alice, _enrollment with { ConfirmedAt = null }, 1));
    }
}
