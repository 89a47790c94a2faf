using IdpFederation.Core.Passwords;

namespace IdpFederation.Tests.CoreLayer;

/// <summary>
/// A transparent, instant hasher ("fake$v{version}${password}") that counts its calls, so tests can prove that work
/// was (or was not) done. Hashes from an older <see cref="Version"/> verify as <see cref="PasswordVerificationResult.SuccessRehashNeeded"/>.
/// </summary>
public sealed class CountingPasswordHasher : IPasswordHasher
{
    private int _hashCalls;
    private int _verifyCalls;

    public int Version { get; set; } = 1;

    public int HashCalls => Volatile.Read(ref _hashCalls);

    public int VerifyCalls => Volatile.Read(ref _verifyCalls);

    /// <summary>The stored hashes Verify was asked about, in order.</summary>
    public List<string> VerifiedHashes { get; } = [];

    public static string HashFor(string password, int version) => $"fake$v{version}${password}";

    public string Hash(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        Interlocked.Increment(ref _hashCalls);
        return HashFor(password, Version);
    }

    public PasswordVerificationResult Verify(string passwordHash, string password)
    {
        Interlocked.Increment(ref _verifyCalls);
        lock (VerifiedHashes)
        {
            VerifiedHashes.Add(passwordHash);
        }

        var parts = passwordHash.Split('$', 3);
        if (parts.Length != 3 || parts[0] != "fake" || !parts[1].StartsWith('v') || !int.TryParse(parts[1][1..], out var version)
            || !string.Equals(parts[2], password, StringComparison.Ordinal))
        {
            return PasswordVerificationResult.Failed;
        }

        return version < Version ? PasswordVerificationResult.SuccessRehashNeeded : PasswordVerificationResult.Success;
    }
}
