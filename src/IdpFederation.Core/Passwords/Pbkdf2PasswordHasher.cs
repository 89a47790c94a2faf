using System.Globalization;
using System.Security.Cryptography;
using IdpFederation.Core.Configuration;
using Microsoft.Extensions.Options;

namespace IdpFederation.Core.Passwords;

/// <summary>
/// PBKDF2-HMAC-SHA512 with a per-user random salt, stored as <c>pbkdf2-sha512$iterations$salt$hash</c> (base64) so the
/// iteration count can be raised later without invalidating existing hashes.
/// </summary>
public sealed class Pbkdf2PasswordHasher : IPasswordHasher
{
    public const string AlgorithmName = "pbkdf2-sha512";

    // 128-bit salt (NIST SP 800-132 asks for at least 128 bits); 512-bit output matches the PRF's block output, so
    // PBKDF2 runs one block and an attacker gains nothing from a shorter comparison.
    private const int SaltSize = 16;
    private const int HashSize = 64;
    private const char Separator = '$';

    // Bounds applied to stored hashes before any work is done: a corrupted or hostile row must not make Verify
    // allocate or spin without limit.
    private const int MaxStoredIterations = 10_000_000;
    private const int MaxStoredSaltSize = 64;

    private readonly Func<int> _iterations;

    public Pbkdf2PasswordHasher(IOptionsMonitor<IdpOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _iterations = () => options.CurrentValue.PasswordHashing.Iterations;
    }

    /// <summary>For callers without options (tools, tests); the count must still be validated by the caller.</summary>
    public Pbkdf2PasswordHasher(int iterations)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);
        _iterations = () => iterations;
    }

    public string Hash(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        var iterations = _iterations();
        var salt = RandomNumberGenerator.GetBytes(SaltSize);
        var hash = Derive(password, salt, iterations, HashSize);
        return string.Join(
            Separator,
            AlgorithmName,
            iterations.ToString(CultureInfo.InvariantCulture),
            Convert.ToBase64String(salt),
            Convert.ToBase64String(hash));
    }

    public PasswordVerificationResult Verify(string passwordHash, string password)
    {
        if (string.IsNullOrEmpty(passwordHash) || password is null || !TryParse(passwordHash, out var stored))
        {
            return PasswordVerificationResult.Failed;
        }

        var actual = Derive(password, stored.Salt, stored.Iterations, stored.Hash.Length);
        if (!CryptographicOperations.FixedTimeEquals(actual, stored.Hash))
        {
            return PasswordVerificationResult.Failed;
        }

        return stored.Iterations < _iterations()
            ? PasswordVerificationResult.SuccessRehashNeeded
            : PasswordVerificationResult.Success;
    }

    private static byte[] Derive(string password, byte[] salt, int iterations, int length) =>
        Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA512, length);

    private static bool TryParse(string encoded, out StoredHash stored)
    {
        stored = default;
        var parts = encoded.Split(Separator);
        if (parts.Length != 4 || !string.Equals(parts[0], AlgorithmName, StringComparison.Ordinal))
        {
            return false;
        }

        if (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations)
            || iterations < 1 || iterations > MaxStoredIterations)
        {
            return false;
        }

        var salt = TryDecode(parts[2], MaxStoredSaltSize);
        var hash = TryDecode(parts[3], HashSize);
        if (salt is null || salt.Length < SaltSize || hash is null || hash.Length != HashSize)
        {
            return false;
        }

        stored = new StoredHash(iterations, salt, hash);
        return true;
    }

    private static byte[]? TryDecode(string base64, int maxBytes)
    {
        var buffer = new byte[maxBytes];
        return Convert.TryFromBase64String(base64, buffer, out var written) ? buffer[..written] : null;
    }

    private readonly record struct StoredHash(int Iterations, byte[] Salt, byte[] Hash);
}
