using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace IdpFederation.Core.Mfa;

/// <summary>
/// One-time recovery codes: shown once at enrolment, stored only as hashes, each usable once (the caller removes the
/// hash that <see cref="Verify"/> reports as matched).
/// </summary>
/// <remarks>
/// Hashing: a code carries 40 bits, which is plenty online (attempts are rate limited and locked out) but far too
/// little to survive a stolen table hashed with one fast SHA-256: 2^40 SHA-256 take minutes on a GPU. So codes are
/// hashed with PBKDF2-HMAC-SHA256 and a random 128-bit salt; at 100,000 iterations, exhausting the 2^40 codes
/// for one salt costs about 2^57 HMAC-SHA256 computations. One salt is shared by the codes issued together, so checking a typed code costs one
/// derivation instead of ten; the attacker gains at most that factor of ten (one derivation tests all ten), which a
/// per-code salt would remove at ten times the cost of every honest sign-in. The salt still differs per user and per
/// issue, so nothing can be precomputed. The stored form names its parameters, so they can be raised later.
/// </remarks>
public static class RecoveryCodes
{
    /// <summary>How many codes an enrolment or a CLI reissue hands out.</summary>
    public const int DefaultCount = 10;

    /// <summary>Characters per code: 8 × 5 bits = 40 bits.</summary>
    public const int CodeLength = 8;

    /// <summary>PBKDF2 iterations for new hashes.</summary>
    public const int Iterations = 100_000;

    /// <summary>32 symbols (5 bits each, so no modulo bias) without 0/O or 1/I, which people misread.</summary>
    public const string Alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

    private const string FormatPrefix = "pbkdf2-sha256";
    private const int SaltSize = 16;
    private const int HashSize = 32;

    /// <summary>New codes ("ABCD-EFGH") and their hashes, in the same order. Show the codes once; store the hashes.</summary>
    public static IssuedRecoveryCodes Issue(int count = DefaultCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, 100);
        var codes = new string[count];
        for (var i = 0; i < count; i++)
        {
            codes[i] = NewCode();
        }

        var salt = RandomNumberGenerator.GetBytes(SaltSize);
        var hashes = codes.Select(c => Format(salt, Iterations, Derive(Normalize(c)!, salt, Iterations))).ToArray();
        return new IssuedRecoveryCodes(codes, hashes);
    }

    /// <summary>One code ("ABCD-EFGH"), 40 bits from the CSPRNG over <see cref="Alphabet"/>, not yet hashed.</summary>
    public static string NewCode()
    {
        var raw = RandomNumberGenerator.GetString(Alphabet, CodeLength);
        return string.Concat(raw.AsSpan(0, CodeLength / 2), "-", raw.AsSpan(CodeLength / 2));
    }

    /// <summary>
    /// Finds the stored hash that <paramref name="typed"/> matches, ignoring case, spaces and dashes. Every stored
    /// hash is compared in constant time, match or not. Returns the index of the match, or null.
    /// </summary>
    /// <exception cref="FormatException">A stored hash is not in this class's format (corrupt data, not user input).</exception>
    public static int? Verify(string? typed, IReadOnlyList<string> storedHashes)
    {
        ArgumentNullException.ThrowIfNull(storedHashes);
        var parsed = storedHashes.Select(Parse).ToArray();
        var normalized = Normalize(typed);
        if (normalized is null)
        {
            // Not a possible code: no need to spend derivations on it.
            return null;
        }

        var derived = new Dictionary<(string Salt, int Iterations), byte[]>();
        int? matched = null;
        for (var i = 0; i < parsed.Length; i++)
        {
            var (salt, iterations, hash) = parsed[i];
            var cacheKey = (Convert.ToBase64String(salt), iterations);
            if (!derived.TryGetValue(cacheKey, out var candidate))
            {
                candidate = Derive(normalized, salt, iterations);
                derived[cacheKey] = candidate;
            }

            if (CryptographicOperations.FixedTimeEquals(candidate, hash))
            {
                matched ??= i;
            }
        }

        return matched;
    }

    /// <summary>Upper case without spaces or dashes, or null when the text cannot be a code.</summary>
    public static string? Normalize(string? typed)
    {
        if (typed is null || typed.Length > 64)
        {
            return null;
        }

        var builder = new StringBuilder(CodeLength);
        foreach (var c in typed)
        {
            if (c is '-' or ' ' || char.IsWhiteSpace(c))
            {
                continue;
            }

            var upper = char.ToUpperInvariant(c);
            if (!Alphabet.Contains(upper, StringComparison.Ordinal) || builder.Length == CodeLength)
            {
                return null;
            }

            builder.Append(upper);
        }

        return builder.Length == CodeLength ? builder.ToString() : null;
    }

    private static byte[] Derive(string normalized, byte[] salt, int iterations) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.ASCII.GetBytes(normalized), salt, iterations, HashAlgorithmName.SHA256, HashSize);

    private static string Format(byte[] salt, int iterations, byte[] hash) =>
        string.Create(CultureInfo.InvariantCulture, $"{FormatPrefix}${iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}");

    private static (byte[] Salt, int Iterations, byte[] Hash) Parse(string stored)
    {
        var parts = stored?.Split('$') ?? [];
        if (parts.Length != 4 || parts[0] != FormatPrefix
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations) || iterations < 1)
        {
            throw new FormatException("A stored recovery code hash is not in the expected format.");
        }

        var salt = Convert.FromBase64String(parts[2]);
        var hash = Convert.FromBase64String(parts[3]);
        if (salt.Length < SaltSize || hash.Length != HashSize)
        {
            throw new FormatException("A stored recovery code hash has the wrong salt or hash length.");
        }

        return (salt, iterations, hash);
    }
}

/// <param name="Codes">Plain codes for the user, shown once and never stored.</param>
/// <param name="Hashes">What to store, index for index with <paramref name="Codes"/>.</param>
public sealed record IssuedRecoveryCodes(IReadOnlyList<string> Codes, IReadOnlyList<string> Hashes);
