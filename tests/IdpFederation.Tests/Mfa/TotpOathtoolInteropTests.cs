using System.Diagnostics;
using System.Globalization;
using IdpFederation.Core.Mfa;

namespace IdpFederation.Tests.Mfa;

/// <summary>
/// Our Otp.NET-backed <see cref="Totp"/> against oathtool (liboath), an RFC 6238 implementation nobody here wrote, for
/// random seeds, times and each hash oathtool supports. The end-to-end MFA tests use oathtool too, but only SHA-1 and
/// the current time.
/// </summary>
[Trait("Kind", "Integration")]
public sealed class TotpOathtoolInteropTests
{
    [Theory]
    [InlineData(TotpAlgorithm.Sha1, "sha1", 6)]
    [InlineData(TotpAlgorithm.Sha256, "sha256", 8)]
    [InlineData(TotpAlgorithm.Sha512, "sha512", 8)]
    public void Codes_match_oathtool_for_random_seeds_and_times(TotpAlgorithm algorithm, string oathtoolMode, int digits)
    {
        var seed = Random.Shared.Next();
        var random = new Random(seed);
        for (var i = 0; i < 12; i++)
        {
            var secret = new byte[random.Next(16, 65)];
            random.NextBytes(secret);
            var unixTime = random.NextInt64(0, 4_000_000_000);
            var totp = new Totp(secret, algorithm, digits);

            var expected = Oathtool(Convert.ToHexString(secret), oathtoolMode, digits, unixTime);
            var actual = totp.Compute(totp.TimeStep(DateTimeOffset.FromUnixTimeSeconds(unixTime)));

            Assert.True(expected == actual,
                $"seed {seed}, case {i}: oathtool says {expected}, we say {actual} ({algorithm}, {secret.Length}-byte key, t={unixTime})");
            Assert.NotNull(totp.Verify(expected, DateTimeOffset.FromUnixTimeSeconds(unixTime), window: 0));
        }
    }

    private static string Oathtool(string hexKey, string mode, int digits, long unixTime)
    {
        var start = new ProcessStartInfo("oathtool") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "--totp=" + mode, "--digits=" + digits.ToString(CultureInfo.InvariantCulture), "--now=@" + unixTime.ToString(CultureInfo.InvariantCulture), hexKey })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("oathtool did not start: install the oathtool package (scripts/test.sh does).");
        var output = process.StandardOutput.ReadToEnd().Trim();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0 || output.Length != digits)
        {
            throw new InvalidOperationException($"oathtool failed ({process.ExitCode}): {output} {error}");
        }

        return output;
    }
}
