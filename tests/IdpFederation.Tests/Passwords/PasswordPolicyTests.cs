using IdpFederation.Core.Configuration;
using IdpFederation.Core.Passwords;
using IdpFederation.Tests.CoreLayer;

namespace IdpFederation.Tests.Passwords;

/// <summary>The rules a new password must pass, over the built-in banned list and the default options.</summary>
[Trait("Kind", "Unit")]
public sealed class PasswordPolicyTests
{
    private const string Alice = "alice@contoso.com";

    private readonly TestOptionsMonitor<IdpOptions> _options = new(CoreTestFactory.DefaultOptions());

    private PasswordPolicy Policy(BannedPasswordList? banned = null) => new(_options, banned ?? BannedPasswordList.BuiltIn);

    private PasswordPolicyResult Check(string password, string upn = Alice) => Policy().Check(password, upn);

    [Fact]
    public void The_defaults_are_twelve_to_256_characters_and_no_extra_list()
    {
        var defaults = new PasswordPolicyOptions();

        Assert.Equal(12, defaults.MinimumLength);
        Assert.Equal(256, defaults.MaximumLength);
        Assert.Null(defaults.BannedPasswordsFile);
    }

    [Theory]
    [InlineData("Purple monkey dishwasher 7")]
    [InlineData("abcdefgh1jkl")]
    [InlineData("Correct horse battery 1!")]
    public void A_long_uncommon_password_that_is_not_the_name_is_accepted(string password)
    {
        var result = Check(password);

        Assert.True(result.IsAccepted);
        Assert.Equal(PasswordPolicyViolation.None, result.Violation);
        Assert.Null(result.Reason);
    }

    [Theory]
    [InlineData("x")]
    [InlineData("")]
    [InlineData("elevenchars")]
    public void A_password_under_the_minimum_is_too_short(string password)
    {
        var result = Check(password);

        Assert.Equal(PasswordPolicyViolation.TooShort, result.Violation);
        Assert.Equal("Password refused: it is shorter than 12 characters (Idp:PasswordPolicy:MinimumLength).", result.Reason);
    }

    [Fact]
    public void Length_counts_characters_not_utf16_units()
    {
        // Each emoji is one code point but two UTF-16 units: 11 of them are 22 units and still too short.
        var eleven = string.Concat(Enumerable.Repeat("\U0001F511", 11));
        var twelve = string.Concat(Enumerable.Repeat("\U0001F511", 12));

        Assert.Equal(PasswordPolicyViolation.TooShort, Check(eleven).Violation);
        Assert.True(Check(twelve).IsAccepted);
    }

    [Fact]
    public void A_password_over_the_maximum_is_too_long()
    {
        var longest = "Pass phrase " + new string('z', 244);
        var result = Check(longest + "z");

        Assert.True(Check(longest).IsAccepted);
        Assert.Equal(PasswordPolicyViolation.TooLong, result.Violation);
        Assert.Equal("Password refused: it is longer than 256 characters (Idp:PasswordPolicy:MaximumLength).", result.Reason);
    }

    [Fact]
    public void A_reloaded_minimum_applies_to_the_next_check()
    {
        var policy = Policy();
        Assert.True(policy.Check("twelve chars", Alice).IsAccepted);

        var stricter = CoreTestFactory.DefaultOptions();
        stricter.PasswordPolicy.MinimumLength = 16;
        _options.Set(stricter);

        var result = policy.Check("twelve chars", Alice);
        Assert.Equal(PasswordPolicyViolation.TooShort, result.Violation);
        Assert.Contains("shorter than 16 characters", result.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("christopher.robin@contoso.com", "christopher.robin@contoso.com")]
    [InlineData("christopher.robin@contoso.com", "Christopher.Robin@CONTOSO.com")]
    [InlineData("christopher.robin@contoso.com", "christopher.robin")]
    [InlineData("christopher.robin@contoso.com", "CHRISTOPHER.ROBIN")]
    [InlineData(" Christopher.Robin@contoso.com ", "christopher.robin")]
    public void The_upn_or_its_part_before_the_at_sign_is_refused_in_any_case(string upn, string password)
    {
        var result = Check(password, upn);

        Assert.Equal(PasswordPolicyViolation.SameAsUserName, result.Violation);
        Assert.StartsWith("Password refused: it is the user's name", result.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("christopher.robin!")]
    [InlineData("christopher.robin@contoso")]
    [InlineData("robin@contoso.com")]
    public void A_password_that_only_contains_or_resembles_the_name_is_not_the_name(string password) =>
        Assert.True(Check(password, "christopher.robin@contoso.com").IsAccepted);

    [Theory]
    [InlineData("password123!")]
    [InlineData("PASSWORD123!")]
    [InlineData("September2024!")]
    [InlineData("QwErTyUiOp123")]
    [InlineData("correcthorsebatterystaple")]
    public void A_common_password_is_refused_whatever_its_case(string password)
    {
        var result = Check(password);

        Assert.Equal(PasswordPolicyViolation.Banned, result.Violation);
        Assert.Equal("Password refused: it is on the list of commonly used passwords that attackers try first.", result.Reason);
    }

    [Fact]
    public void An_eight_character_common_password_is_refused_as_banned_when_the_minimum_allows_it()
    {
        var options = CoreTestFactory.DefaultOptions();
        options.PasswordPolicy.MinimumLength = 8;
        _options.Set(options);

        Assert.Equal(PasswordPolicyViolation.Banned, Check("Password").Violation);
        Assert.Equal(PasswordPolicyViolation.Banned, Check("iloveyou").Violation);
        Assert.True(Check("kx8!vq2m").IsAccepted);
    }

    [Fact]
    public void The_most_basic_rule_is_reported_when_several_are_broken()
    {
        Assert.Equal(PasswordPolicyViolation.TooShort, Check("password").Violation);
        Assert.Equal(PasswordPolicyViolation.SameAsUserName, Check("password1234", "password1234@contoso.com").Violation);
    }

    [Theory]
    [InlineData("x")]
    [InlineData("September2024!")]
    [InlineData("christopher.robin")]
    public void A_reason_never_repeats_the_password(string password)
    {
        var result = Check(password, "christopher.robin@contoso.com");

        Assert.False(result.IsAccepted);
        Assert.DoesNotContain(password, result.Reason!, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void An_added_list_extends_the_built_in_one()
    {
        var banned = BannedPasswordList.BuiltIn.With(["Contoso-Sydney-2026"]);

        Assert.Equal(PasswordPolicyViolation.Banned, Policy(banned).Check("contoso-sydney-2026", Alice).Violation);
        Assert.Equal(PasswordPolicyViolation.Banned, Policy(banned).Check("password123!", Alice).Violation);
        Assert.Equal(BannedPasswordList.BuiltIn.Count + 1, banned.Count);
    }

    [Fact]
    public void Null_arguments_are_refused()
    {
        Assert.Throws<ArgumentNullException>(() => Policy().Check(null!, Alice));
        Assert.Throws<ArgumentNullException>(() => Policy().Check("Purple monkey dishwasher 7", null!));
    }
}
