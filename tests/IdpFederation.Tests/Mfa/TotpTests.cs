using System.Text;
using IdpFederation.Core.Mfa;

namespace IdpFederation.Tests.Mfa;

[Trait("Kind", "Unit")]
public sealed class TotpTests
{
    // RFC 6238 Appendix B: the seeds are the ASCII strings below, repeated to each hash's key length.
    private static readonly byte[] Sha1Seed = Encoding.ASCII.GetBytes("12345678901234567890");
    private static readonly byte[] Sha256Seed = Encoding.ASCII.GetBytes("12345678901234567890123456789012");
    private static readonly byte[] Sha512Seed = Encoding.ASCII.GetBytes("1234567890123456789012345678901234567890123456789012345678901234");

    [Theory]
    [InlineData(59L, "94287082", "46119246", "90693936")]
    [InlineData(1111111109L, "07081804", "68084774", "25091201")]
    [InlineData(1111111111L, "14050471", "67062674", "99943326")]
    [InlineData(1234567890L, "89005924", "91819424", "93441116")]
    [InlineData(2000000000L, "69279037", "90698825", "38618901")]
    [InlineData(20000000000L, "65353130", "77737706", "47863826")]
    public void Rfc6238_appendix_b_vectors_match_for_all_three_hashes(long unixTime, string sha1, string sha256, string sha512)
    {
        var time = DateTimeOffset.FromUnixTimeSeconds(unixTime);
        Assert.Equal(sha1, Code(Sha1Seed, TotpAlgorithm.Sha1, time));
        Assert.Equal(sha256, Code(Sha256Seed, TotpAlgorithm.Sha256, time));
        Assert.Equal(sha512, Code(Sha512Seed, TotpAlgorithm.Sha512, time));
    }

    [Theory]
    [InlineData(-1, true)]
    [InlineData(0, true)]
    [InlineData(1, true)]
    [InlineData(-2, false)]
    [InlineData(2, false)]
    public void One_step_of_drift_either_side_is_accepted_and_two_are_refused(int drift, bool accepted)
    {
        var totp = new Totp(Sha1Seed);
        var now = DateTimeOffset.FromUnixTimeSeconds(1_700_000_015);
        var code = totp.Compute(totp.TimeStep(now) + drift);
        var step = totp.Verify(code, now);
        Assert.Equal(accepted, step.HasValue);
        if (accepted)
        {
            Assert.Equal(totp.TimeStep(now) + drift, step);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("12345")]
    [InlineData("1234567")]
    [InlineData("12345a")]
    [InlineData("１２３４５６")]
    public void Malformed_codes_are_refused(string code) =>
        Assert.Null(new Totp(Sha1Seed).Verify(code, DateTimeOffset.FromUnixTimeSeconds(59)));

    [Fact]
    public void Six_digit_codes_are_the_last_six_digits_of_the_rfc_value()
    {
        var totp = new Totp(Sha1Seed);
        Assert.Equal("287082", totp.Compute(totp.TimeStep(DateTimeOffset.FromUnixTimeSeconds(59))));
    }

    [Fact]
    public void A_17_byte_seed_is_shown_without_padding()
    {
        // 17 bytes need 28 characters of base32 and RFC 4648 would pad to 32; authenticator apps expect none.
        var secret = TotpSecret.FromBytes(Enumerable.Range(1, 17).Select(i => (byte)i).ToArray());
        Assert.Equal(28, secret.Base32.Length);
        Assert.DoesNotContain('=', secret.Base32);
        Assert.Equal(secret.ToArray(), OtpNet.Base32Encoding.ToBytes(secret.Base32));
    }

    [Fact]
    public void Codes_for_the_same_step_are_the_same_whatever_second_of_the_step()
    {
        var totp = new Totp(Sha1Seed);
        var start = DateTimeOffset.FromUnixTimeSeconds(1_700_000_010);
        Assert.Equal(totp.TimeStep(start), totp.TimeStep(start.AddSeconds(29)));
        Assert.Equal(totp.Verify(totp.Compute(totp.TimeStep(start)), start, window: 0), totp.Verify(totp.Compute(totp.TimeStep(start)), start.AddSeconds(29), window: 0));
    }

    private static string Code(byte[] seed, TotpAlgorithm algorithm, DateTimeOffset time)
    {
        var totp = new Totp(seed, algorithm, digits: 8);
        return totp.Compute(totp.TimeStep(time));
    }
}
