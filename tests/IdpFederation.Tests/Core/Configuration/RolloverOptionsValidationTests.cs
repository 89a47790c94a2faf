using static IdpFederation.Tests.CoreLayer.OptionsValidation;

namespace IdpFederation.Tests.CoreLayer;

/// <summary>Idp:Signing:Rollover: intervals and margins that keep a rollover safe, named precisely when wrong.</summary>
[Trait("Kind", "Unit")]
public sealed class RolloverOptionsValidationTests
{
    [Fact]
    public void The_defaults_are_valid() => Assert.Empty(Failures(_ => { }));

    [Fact]
    public void A_refresh_interval_beyond_ten_minutes_is_refused() =>
        AssertOnlyFailure("Idp:Signing:Rollover:RefreshInterval 00:11:00 must be between 1 second and 10 minutes: instances switch certificates within it.",
            o => o.Signing.Rollover.RefreshInterval = TimeSpan.FromMinutes(11));

    [Fact]
    public void A_safety_margin_of_zero_is_refused() =>
        AssertOnlyFailure("Idp:Signing:Rollover:SafetyMargin 00:00:00 must be between 1 and 30 days.",
            o => o.Signing.Rollover.SafetyMargin = TimeSpan.Zero);

    [Fact]
    public void Generation_must_come_before_the_safety_margin() =>
        Assert.Contains(Failures(o => o.Signing.Rollover.GenerationThreshold = TimeSpan.FromDays(4)),
            f => f.StartsWith("Idp:Signing:Rollover:GenerationThreshold 4.00:00:00 must be longer than SafetyMargin", StringComparison.Ordinal));

    [Theory]
    [InlineData(1024)]
    [InlineData(3000)]
    public void Key_sizes_other_than_2048_3072_4096_are_refused(int bits) =>
        AssertOnlyFailure($"Idp:Signing:Rollover:KeySize {bits} must be 2048, 3072 or 4096 (Entra needs RSA of at least 2048 bits).",
            o => o.Signing.Rollover.KeySize = bits);

    [Fact]
    public void A_validity_too_short_for_the_generation_threshold_is_refused() =>
        Assert.Contains(Failures(o => o.Signing.Rollover.ValidityDays = 60),
            f => f.StartsWith("Idp:Signing:Rollover:ValidityDays 60 must be between 30 and 3650 and more than twice GenerationThreshold", StringComparison.Ordinal));
}
