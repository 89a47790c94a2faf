using IdpFederation.Core.Tokens.Rollover;

namespace IdpFederation.Tests.Federation.Rollover;

[Trait("Kind", "Unit")]
public sealed class CertificateExpiryTests
{
    private static readonly DateTimeOffset Now = new(2027, 3, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(61, null)]
    [InlineData(60.5, null)]
    [InlineData(60, 60)]
    [InlineData(31, 60)]
    [InlineData(30, 30)]
    [InlineData(8, 30)]
    [InlineData(7, 7)]
    [InlineData(0.5, 7)]
    [InlineData(-3, 7)]
    public void Thresholds_are_60_30_and_7_days(double daysLeft, int? expected)
    {
        Assert.Equal(expected, CertificateExpiry.Threshold(Now.AddDays(daysLeft), Now));
    }

    [Fact]
    public void Warning_names_the_certificate_the_date_and_the_days_left()
    {
        Assert.Null(CertificateExpiry.Warning("ABC", Now.AddDays(90), Now));
        Assert.Equal("the signing certificate ABC expires on 2027-03-21 (20 days left, within 30 days)", CertificateExpiry.Warning("ABC", Now.AddDays(20), Now));
        Assert.Contains("expired on 2027-02-27", CertificateExpiry.Warning("ABC", Now.AddDays(-2), Now), StringComparison.Ordinal);
    }
}
