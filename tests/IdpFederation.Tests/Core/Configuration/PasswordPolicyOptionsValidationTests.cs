using IdpFederation.Core.Configuration;
using static IdpFederation.Tests.CoreLayer.OptionsValidation;

namespace IdpFederation.Tests.CoreLayer;

/// <summary>Idp:PasswordPolicy:* at start-up and on reload.</summary>
[Trait("Kind", "Unit")]
public sealed class PasswordPolicyOptionsValidationTests
{
    [Fact]
    public void The_defaults_pass() => Assert.Empty(Failures(_ => { }));

    [Theory]
    [InlineData(7)]
    [InlineData(0)]
    [InlineData(-1)]
    public void A_minimum_below_eight_is_refused(int minimum) =>
        AssertOnlyFailure($"Idp:PasswordPolicy:MinimumLength {minimum} must be between 8 (NIST SP 800-63B's floor) and 64.",
            o => o.PasswordPolicy.MinimumLength = minimum);

    [Theory]
    [InlineData(65)]
    [InlineData(100_000)]
    public void An_absurd_minimum_is_refused(int minimum) =>
        AssertOnlyFailure($"Idp:PasswordPolicy:MinimumLength {minimum} must be between 8 (NIST SP 800-63B's floor) and 64.",
            o => o.PasswordPolicy.MinimumLength = minimum);

    [Theory]
    [InlineData(8)]
    [InlineData(64)]
    public void Minimums_of_eight_to_sixty_four_are_accepted(int minimum) =>
        Assert.Empty(Failures(o => o.PasswordPolicy.MinimumLength = minimum));

    [Theory]
    [InlineData(63)]
    [InlineData(513)]
    [InlineData(int.MaxValue)]
    public void A_maximum_outside_sixty_four_to_512_is_refused(int maximum) =>
        AssertOnlyFailure($"Idp:PasswordPolicy:MaximumLength {maximum} must be between 64 (pass phrases must fit) and 512 (the login form must accept it).",
            o => o.PasswordPolicy.MaximumLength = maximum);

    [Theory]
    [InlineData(64)]
    [InlineData(512)]
    public void Maximums_of_sixty_four_to_512_are_accepted(int maximum) =>
        Assert.Empty(Failures(o => o.PasswordPolicy.MaximumLength = maximum));

    [Fact]
    public void The_highest_minimum_and_the_lowest_maximum_meet_so_no_setting_can_refuse_every_password() =>
        Assert.Empty(Failures(o =>
        {
            o.PasswordPolicy.MinimumLength = PasswordPolicyOptions.HighestMinimumLength;
            o.PasswordPolicy.MaximumLength = PasswordPolicyOptions.LowestMaximumLength;
        }));

    [Fact]
    public void Both_bad_lengths_are_reported_together() =>
        Assert.Equal(
            [
                "Idp:PasswordPolicy:MinimumLength 4 must be between 8 (NIST SP 800-63B's floor) and 64.",
                "Idp:PasswordPolicy:MaximumLength 10 must be between 64 (pass phrases must fit) and 512 (the login form must accept it).",
            ],
            Failures(o =>
            {
                o.PasswordPolicy.MinimumLength = 4;
                o.PasswordPolicy.MaximumLength = 10;
            }));

    [Fact]
    public void A_blank_banned_passwords_file_is_refused() =>
        AssertOnlyFailure("Idp:PasswordPolicy:BannedPasswordsFile must be a file path or left out, not blank.",
            o => o.PasswordPolicy.BannedPasswordsFile = "   ");

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("banned-passwords.txt")]
    public void No_file_or_a_file_name_passes_validation(string? file) =>
        Assert.Empty(Failures(o => o.PasswordPolicy.BannedPasswordsFile = file));
}
