using System.Security.Cryptography;
using System.Text;

namespace IdpFederation.Core.Mfa;

public enum TotpAlgorithm
{
    /// <summary>What every authenticator app supports; the default.</summary>
    Sha1 = 1,
    Sha256,
    Sha512,
}

/// <summary>
/// Time-based one-time passwords (RFC 6238, over HOTP of RFC 4226). Otp.NET computes the codes (HMAC and the RFC 4226
/// §5.3 truncation); the verification window and its constant-time comparison are ours, because Otp.NET's own
/// <c>VerifyTotp</c> stops at the first matching step, and which step matched should not show in the timing.
/// </summary>
public sealed class Totp
{
    private readonly OtpNet.Totp _codes;

    public Totp(byte[] secret, TotpAlgorithm algorithm = TotpAlgorithm.Sha1, int digits = 6, int stepSeconds = 30)
    {
        ArgumentNullException.ThrowIfNull(secret);
        // Nine digits at most: Otp.NET truncates modulo 10^digits in an int, which 10^10 overflows.
        ArgumentOutOfRangeException.ThrowIfLessThan(digits, 6);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(digits, 9);
        ArgumentOutOfRangeException.ThrowIfLessThan(stepSeconds, 1);
        Algorithm = algorithm;
        Digits = digits;
        StepSeconds = stepSeconds;
        // Otp.NET keeps its own copy of the key (InMemoryKey), so the caller's array may be cleared afterwards.
        _codes = new OtpNet.Totp(secret, stepSeconds, HashMode(algorithm), digits);
    }

    public TotpAlgorithm Algorithm { get; }
    public int Digits { get; }
    public int StepSeconds { get; }

    /// <summary>RFC 6238 §4.2: T = floor((unix time − T0) / X), with T0 = 0.</summary>
    public long TimeStep(DateTimeOffset time) => time.ToUnixTimeSeconds() / StepSeconds;

    /// <summary>The code of one time step (Otp.NET computes it from the first second of that step).</summary>
    public string Compute(long timeStep) =>
        _codes.ComputeTotp(DateTimeOffset.FromUnixTimeSeconds(timeStep * StepSeconds).UtcDateTime);

    /// <summary>
    /// Checks a code against the current step and <paramref name="window"/> steps either side, in constant time for
    /// each candidate. Returns the matching step (for the replay cache), or null.
    /// </summary>
    public long? Verify(string code, DateTimeOffset time, int window = 1)
    {
        ArgumentNullException.ThrowIfNull(code);
        if (code.Length != Digits || !code.All(char.IsAsciiDigit))
        {
            return null;
        }

        var now = TimeStep(time);
        var given = Encoding.ASCII.GetBytes(code);
        long? matched = null;
        // Every candidate is compared, match or not, so timing does not reveal which step matched.
        for (var step = now - window; step <= now + window; step++)
        {
            if (CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Compute(step)), given))
            {
                matched ??= step;
            }
        }

        return matched;
    }

    private static OtpNet.OtpHashMode HashMode(TotpAlgorithm algorithm) => algorithm switch
    {
        TotpAlgorithm.Sha256 => OtpNet.OtpHashMode.Sha256,
        TotpAlgorithm.Sha512 => OtpNet.OtpHashMode.Sha512,
        // RFC 6238's default and what authenticator apps implement; HMAC-SHA1 is not weakened by SHA-1 collisions.
        _ => OtpNet.OtpHashMode.Sha1,
    };
}
