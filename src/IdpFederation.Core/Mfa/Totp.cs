using System.Buffers.Binary;
using System.Security.Cryptography;

namespace IdpFederation.Core.Mfa;

public enum TotpAlgorithm
{
    /// <summary>What every authenticator app supports; the default.</summary>
    Sha1 = 1,
    Sha256,
    Sha512,
}

/// <summary>
/// Time-based one-time passwords (RFC 6238, over HOTP of RFC 4226). Otp.NET is not available here, so this is our
/// own small implementation, proved against the RFC's Appendix B vectors.
/// </summary>
public sealed class Totp
{
    private readonly byte[] _secret;

    public Totp(byte[] secret, TotpAlgorithm algorithm = TotpAlgorithm.Sha1, int digits = 6, int stepSeconds = 30)
    {
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentOutOfRangeException.ThrowIfLessThan(digits, 6);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(digits, 9);
        ArgumentOutOfRangeException.ThrowIfLessThan(stepSeconds, 1);
        _secret = secret.ToArray();
        Algorithm = algorithm;
        Digits = digits;
        StepSeconds = stepSeconds;
    }

    public TotpAlgorithm Algorithm { get; }
    public int Digits { get; }
    public int StepSeconds { get; }

    /// <summary>RFC 6238 §4.2: T = floor((unix time − T0) / X), with T0 = 0.</summary>
    public long TimeStep(DateTimeOffset time) => time.ToUnixTimeSeconds() / StepSeconds;

    public string Compute(long timeStep)
    {
        Span<byte> counter = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, timeStep);
        Span<byte> mac = stackalloc byte[64];
        var length = Algorithm switch
        {
            TotpAlgorithm.Sha256 => HMACSHA256.HashData(_secret, counter, mac),
            TotpAlgorithm.Sha512 => HMACSHA512.HashData(_secret, counter, mac),
#pragma warning disable CA5350 // RFC 6238's default and what authenticator apps implement; HMAC-SHA1 is not weakened by SHA-1 collisions.
            _ => HMACSHA1.HashData(_secret, counter, mac),
#pragma warning restore CA5350
        };

        // RFC 4226 §5.3 dynamic truncation.
        var offset = mac[length - 1] & 0x0F;
        var binary = BinaryPrimitives.ReadInt32BigEndian(mac.Slice(offset, 4)) & 0x7FFFFFFF;
        var modulo = (int)Math.Pow(10, Digits);
        return (binary % modulo).ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(Digits, '0');
    }

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
        long? matched = null;
        // Every candidate is compared, match or not, so timing does not reveal which step matched.
        for (var step = now - window; step <= now + window; step++)
        {
            var expected = Compute(step);
            if (CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(expected), System.Text.Encoding.ASCII.GetBytes(code)))
            {
                matched ??= step;
            }
        }

        return matched;
    }
}
