using IdpFederation.Core.Mfa;

namespace IdpFederation.Tests.Mfa;

[Trait("Kind", "Unit")]
public sealed class TotpSecretTests
{
    [Fact]
    public void A_generated_secret_has_160_bits_and_32_base32_characters_that_decode_back()
    {
        var secret = TotpSecret.Generate();
        Assert.Equal(20, secret.ToArray().Length);
        Assert.Equal(32, secret.Base32.Length);
        Assert.Matches("^[A-Z2-7]{32}$", secret.Base32);
        Assert.Equal(secret.ToArray(), OtpNet.Base32Encoding.ToBytes(secret.Base32));
    }

    [Fact]
    public void Generated_secrets_differ_and_are_not_all_zero()
    {
        var secrets = Enumerable.Range(0, 100).Select(_ => TotpSecret.Generate().Base32).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(100, secrets.Count);
        Assert.DoesNotContain(new string('A', 32), secrets);
    }

    [Fact]
    public void The_display_form_groups_the_base32_by_four_and_decodes_to_the_same_seed()
    {
        var secret = TotpSecret.Generate();
        Assert.Matches("^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$", secret.Base32ForDisplay);
        // Apps ignore the spaces; so does this decoder once they are taken out.
        Assert.Equal(secret.ToArray(), OtpNet.Base32Encoding.ToBytes(secret.Base32ForDisplay.Replace(" ", "", StringComparison.Ordinal)));
    }

    [Fact]
    public void From_bytes_copies_the_seed_and_refuses_seeds_under_128_bits()
    {
        var bytes = Enumerable.Range(1, 20).Select(i => (byte)i).ToArray();
        var secret = TotpSecret.FromBytes(bytes);
        bytes[0] = 0xFF;
        Assert.Equal(1, secret.ToArray()[0]);
        secret.ToArray()[1] = 0xFF;
        Assert.Equal(2, secret.ToArray()[1]);
        Assert.Throws<ArgumentException>(() => TotpSecret.FromBytes(new byte[15]));
    }

    [Fact]
    public void The_rfc_4648_test_seed_gives_the_known_base32_and_key_uri()
    {
        // RFC 6238 Appendix B's SHA-1 seed; its base32 is the one Google's key-URI documentation uses.
        var secret = TotpSecret.FromBytes("12345678901234567890"u8);
        Assert.Equal("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", secret.Base32);
        Assert.Equal(
            "otpauth://totp/Contoso:alice%40contoso.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Contoso&algorithm=SHA1&digits=6&period=30",
            secret.ToKeyUri("Contoso", "alice@contoso.com"));
    }

    [Fact]
    public void Issuer_and_account_are_percent_encoded_so_they_cannot_inject_parameters()
    {
        var secret = TotpSecret.FromBytes("12345678901234567890"u8);
        var uri = secret.ToKeyUri("Fabrikam & Sons?x=1#", "bob smith+mfa@fabrikam.com");
        Assert.StartsWith("otpauth://totp/Fabrikam%20%26%20Sons%3Fx%3D1%23:bob%20smith%2Bmfa%40fabrikam.com?secret=", uri, StringComparison.Ordinal);
        Assert.EndsWith("&issuer=Fabrikam%20%26%20Sons%3Fx%3D1%23&algorithm=SHA1&digits=6&period=30", uri, StringComparison.Ordinal);

        var parsed = new Uri(uri);
        Assert.Equal("otpauth", parsed.Scheme);
        Assert.Equal("totp", parsed.Host);
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(parsed.Query);
        Assert.Equal(["secret", "issuer", "algorithm", "digits", "period"], query.Keys);
        Assert.Equal("Fabrikam & Sons?x=1#", query["issuer"].ToString());
    }

    [Fact]
    public void Unicode_issuers_are_utf8_percent_encoded()
    {
        var uri = TotpSecret.Generate().ToKeyUri("Zürich AG", "jörg@example.ch");
        Assert.StartsWith("otpauth://totp/Z%C3%BCrich%20AG:j%C3%B6rg%40example.ch?", uri, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Con:toso", "alice@contoso.com")]
    [InlineData("Contoso", "alice:x@contoso.com")]
    [InlineData("", "alice@contoso.com")]
    [InlineData("Contoso", " ")]
    public void Colons_and_empty_parts_are_refused(string issuer, string account) =>
        Assert.Throws<ArgumentException>(() => TotpSecret.Generate().ToKeyUri(issuer, account));

    [Fact]
    public void To_string_never_shows_the_seed()
    {
        var secret = TotpSecret.Generate();
        Assert.DoesNotContain(secret.Base32, secret.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(secret.ToArray()), secret.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void To_totp_uses_the_seed_with_app_defaults()
    {
        var secret = TotpSecret.FromBytes("12345678901234567890"u8);
        var totp = secret.ToTotp();
        Assert.Equal(TotpAlgorithm.Sha1, totp.Algorithm);
        Assert.Equal(6, totp.Digits);
        Assert.Equal(30, totp.StepSeconds);
        Assert.Equal("287082", totp.Compute(totp.TimeStep(DateTimeOffset.FromUnixTimeSeconds(59))));
    }
}
