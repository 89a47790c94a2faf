using System.Security.Cryptography;
using IdpFederation.Core.Configuration;
using IdpFederation.Core.Passwords;
using Microsoft.Extensions.Options;

namespace IdpFederation.Tests.Passwords;

[Trait("Kind", "Unit")]
public sealed class Pbkdf2PasswordHasherTests
{
    private const int Iterations = 100_000;
    private readonly Pbkdf2PasswordHasher _hasher = new(Iterations);

    [Fact]
    public void Hash_is_self_describing_and_verifies()
    {
        var hash = _hasher.Hash("correct horse battery staple");
        var parts = hash.Split('$');

        Assert.Equal(["pbkdf2-sha512", "100000"], parts[..2]);
        Assert.True(Convert.FromBase64String(parts[2]).Length >= 16);
        Assert.Equal(64, Convert.FromBase64String(parts[3]).Length);
        Assert.Equal(PasswordVerificationResult.Success, _hasher.Verify(hash, "correct horse battery staple"));
    }

    [Fact]
    public void Hash_matches_an_independent_pbkdf2_computation()
    {
        var parts = _hasher.Hash("pässwörd").Split('$');

        var expected = Rfc2898DeriveBytes.Pbkdf2("pässwörd"u8, Convert.FromBase64String(parts[2]), Iterations, HashAlgorithmName.SHA512, 64);

        Assert.Equal(Convert.ToBase64String(expected), parts[3]);
    }

    [Theory]
    [InlineData("correct horse battery stapl")]
    [InlineData("Correct horse battery staple")]
    [InlineData("correct horse battery staple ")]
    [InlineData("")]
    public void Wrong_password_fails(string attempt) =>
        Assert.Equal(PasswordVerificationResult.Failed, _hasher.Verify(_hasher.Hash("correct horse battery staple"), attempt));

    [Fact]
    public void Salts_differ_per_hash()
    {
        var first = _hasher.Hash("same password").Split('$');
        var second = _hasher.Hash("same password").Split('$');

        Assert.NotEqual(first[2], second[2]);
        Assert.NotEqual(first[3], second[3]);
    }

    [Fact]
    public void Raising_the_configured_iterations_asks_for_a_rehash()
    {
        var options = new IdpOptions { PasswordHashing = { Iterations = Iterations } };
        var monitor = new FixedOptionsMonitor(options);
        var hasher = new Pbkdf2PasswordHasher(monitor);
        var oldHash = hasher.Hash("secret");

        options.PasswordHashing.Iterations = Iterations + 1;

        Assert.Equal(PasswordVerificationResult.SuccessRehashNeeded, hasher.Verify(oldHash, "secret"));
        Assert.Equal(PasswordVerificationResult.Failed, hasher.Verify(oldHash, "wrong"));
        var newHash = hasher.Hash("secret");
        Assert.StartsWith("pbkdf2-sha512$100001$", newHash, StringComparison.Ordinal);
        Assert.Equal(PasswordVerificationResult.Success, hasher.Verify(newHash, "secret"));
    }

    [Fact]
    public void Stronger_stored_hash_needs_no_rehash() =>
        Assert.Equal(PasswordVerificationResult.Success, _hasher.Verify(new Pbkdf2PasswordHasher(Iterations + 5).Hash("pw"), "pw"));

    [Fact]
    public void Tampered_hash_fails()
    {
        var parts = _hasher.Hash("secret").Split('$');
        var hashBytes = Convert.FromBase64String(parts[3]);
        hashBytes[0] ^= 1;
        var saltBytes = Convert.FromBase64String(parts[2]);
        saltBytes[^1] ^= 1;

        Assert.Equal(PasswordVerificationResult.Failed, _hasher.Verify(string.Join('$', parts[0], parts[1], parts[2], Convert.ToBase64String(hashBytes)), "secret"));
        Assert.Equal(PasswordVerificationResult.Failed, _hasher.Verify(string.Join('$', parts[0], parts[1], Convert.ToBase64String(saltBytes), parts[3]), "secret"));
        Assert.Equal(PasswordVerificationResult.Failed, _hasher.Verify(string.Join('$', parts[0], "100001", parts[2], parts[3]), "secret"));
        Assert.Equal(PasswordVerificationResult.Failed, _hasher.Verify(string.Join('$', "pbkdf2-sha256", parts[1], parts[2], parts[3]), "secret"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("plaintext")]
    [InlineData("pbkdf2-sha512$100000$c2FsdA==")]
    [InlineData("pbkdf2-sha512$abc$AAAAAAAAAAAAAAAAAAAAAA==$AAAA")]
    [InlineData("pbkdf2-sha512$-5$AAAAAAAAAAAAAAAAAAAAAA==$AAAA")]
    [InlineData("pbkdf2-sha512$0$AAAAAAAAAAAAAAAAAAAAAA==$AAAA")]
    [InlineData("pbkdf2-sha512$2147483647$AAAAAAAAAAAAAAAAAAAAAA==$AAAA")]
    [InlineData("pbkdf2-sha512$100000$not base64!$AAAA")]
    [InlineData("pbkdf2-sha512$100000$AAAA$AAAA")]
    [InlineData("pbkdf2-sha512$100000$AAAAAAAAAAAAAAAAAAAAAA==$AAAA")]
    [InlineData("pbkdf2-sha512$100000$AAAAAAAAAAAAAAAAAAAAAA==$AAAA$extra")]
    public void Malformed_stored_hash_fails_without_throwing(string stored) =>
        Assert.Equal(PasswordVerificationResult.Failed, _hasher.Verify(stored, "secret"));

    [Fact]
    public void Null_inputs_to_verify_fail_without_throwing()
    {
        Assert.Equal(PasswordVerificationResult.Failed, _hasher.Verify(null!, "secret"));
        Assert.Equal(PasswordVerificationResult.Failed, _hasher.Verify(_hasher.Hash("secret"), null!));
    }

    private sealed class FixedOptionsMonitor(IdpOptions value) : IOptionsMonitor<IdpOptions>
    {
        public IdpOptions CurrentValue => value;

        public IdpOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<IdpOptions, string?> listener) => null;
    }
}
