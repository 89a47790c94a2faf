using System.Security.Cryptography;
using IdpFederation.Core.Mfa;
using Microsoft.AspNetCore.DataProtection;

namespace IdpFederation.Tests.Mfa;

[Trait("Kind", "Unit")]
public sealed class MfaSecretProtectorTests
{
    private const string Alice = "6f1c1a52-3b5e-4c8e-9a57-1d2f0b3c4e5a";
    private const string Bob = "0b9d7e44-2a1f-4f6b-8c3d-5e6f7a8b9c0d";

    private readonly EphemeralDataProtectionProvider _provider = new();

    [Fact]
    public void A_protected_seed_round_trips_for_the_same_user()
    {
        var protector = new MfaSecretProtector(_provider);
        var secret = TotpSecret.Generate();
        var stored = protector.Protect(Alice, secret);
        Assert.Equal(secret.ToArray(), protector.Unprotect(Alice, stored).ToArray());
    }

    [Fact]
    public void The_stored_form_contains_neither_the_base32_nor_the_base64_nor_the_hex_of_the_seed()
    {
        var protector = new MfaSecretProtector(_provider);
        var secret = TotpSecret.Generate();
        var stored = protector.Protect(Alice, secret);
        var bytes = secret.ToArray();
        foreach (var plain in new[]
                 {
                     secret.Base32, Convert.ToBase64String(bytes), Convert.ToBase64String(bytes).TrimEnd('='),
                     Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlEncode(bytes), Convert.ToHexString(bytes),
                 })
        {
            Assert.DoesNotContain(plain, stored, StringComparison.OrdinalIgnoreCase);
        }

        // Nor the raw bytes anywhere in the decoded payload.
        var payload = Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlDecode(stored);
        Assert.Equal(-1, payload.AsSpan().IndexOf(bytes));
    }

    [Fact]
    public void Protecting_twice_gives_different_text()
    {
        var protector = new MfaSecretProtector(_provider);
        var secret = TotpSecret.Generate();
        Assert.NotEqual(protector.Protect(Alice, secret), protector.Protect(Alice, secret));
    }

    [Fact]
    public void A_seed_copied_to_another_user_cannot_be_unprotected()
    {
        var protector = new MfaSecretProtector(_provider);
        var stored = protector.Protect(Alice, TotpSecret.Generate());
        Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect(Bob, stored));
        Assert.False(protector.TryUnprotect(Bob, stored, out var secret));
        Assert.Null(secret);
    }

    [Fact]
    public void The_user_id_is_case_sensitive_as_a_purpose_so_it_must_be_the_immutable_form()
    {
        var protector = new MfaSecretProtector(_provider);
        var stored = protector.Protect("AbC", TotpSecret.Generate());
        Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect("abc", stored));
    }

    [Fact]
    public void Data_protected_for_another_purpose_is_refused_even_for_the_same_user()
    {
        var secret = TotpSecret.Generate();
        var other = Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlEncode(
            _provider.CreateProtector("IdpFederation.Something.Else", Alice).Protect(secret.ToArray()));
        Assert.ThrowsAny<CryptographicException>(() => new MfaSecretProtector(_provider).Unprotect(Alice, other));

        var direct = Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlEncode(
            _provider.CreateProtector(MfaSecretProtector.Purpose, Alice).Protect(secret.ToArray()));
        Assert.Equal(secret.ToArray(), new MfaSecretProtector(_provider).Unprotect(Alice, direct).ToArray());
    }

    [Fact]
    public void Another_key_ring_cannot_unprotect()
    {
        var stored = new MfaSecretProtector(_provider).Protect(Alice, TotpSecret.Generate());
        Assert.ThrowsAny<CryptographicException>(() => new MfaSecretProtector(new EphemeralDataProtectionProvider()).Unprotect(Alice, stored));
    }

    /// <summary>The mfa-keys readiness check reads the key id from the clear header; anything else has none to read.</summary>
    [Theory]
    [InlineData("")]
    [InlineData("short")]
    [InlineData("not*base64url*but*long*enough*to*hold*a*header")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public void A_key_id_is_not_read_from_what_is_not_a_data_protection_payload(string stored) =>
        Assert.False(MfaSecretProtector.TryGetKeyId(stored, out _));

    [Theory]
    [InlineData("")]
    [InlineData("not*base64url")]
    [InlineData("AAAA")]
    public void Garbage_is_a_cryptographic_exception_and_try_unprotect_is_false(string stored)
    {
        var protector = new MfaSecretProtector(_provider);
        Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect(Alice, stored));
        Assert.False(protector.TryUnprotect(Alice, stored, out _));
    }

    [Fact]
    public void A_tampered_seed_is_refused()
    {
        var protector = new MfaSecretProtector(_provider);
        var stored = protector.Protect(Alice, TotpSecret.Generate());
        var bytes = Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlDecode(stored);
        bytes[^1] ^= 1;
        Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect(Alice, Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlEncode(bytes)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void A_blank_user_id_is_refused(string userId)
    {
        var protector = new MfaSecretProtector(_provider);
        Assert.ThrowsAny<ArgumentException>(() => protector.Protect(userId, TotpSecret.Generate()));
    }
}
