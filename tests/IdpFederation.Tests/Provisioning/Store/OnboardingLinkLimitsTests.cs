using System.Security.Cryptography;
using System.Text;
using IdpFederation.Core.Onboarding;

namespace IdpFederation.Tests.Provisioning.Store;

/// <summary>Token shape and hashing of onboarding links, without a database.</summary>
[Trait("Kind", "Unit")]
public sealed class OnboardingLinkLimitsTests
{
    [Fact]
    public void New_tokens_are_43_base64url_characters_of_32_random_bytes_and_never_repeat()
    {
        var tokens = Enumerable.Range(0, 1000).Select(_ => OnboardingLinkLimits.NewToken()).ToList();

        Assert.Equal(tokens.Count, tokens.Distinct(StringComparer.Ordinal).Count());
        Assert.All(tokens, t =>
        {
            Assert.True(OnboardingLinkLimits.IsWellFormed(t));
            Assert.Equal(32, System.Buffers.Text.Base64Url.DecodeFromChars(t).Length);
        });
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA+")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\u00e9")]
    public void Anything_but_43_base64url_characters_is_malformed(string? token) =>
        Assert.False(OnboardingLinkLimits.IsWellFormed(token));

    [Fact]
    public void The_stored_form_is_the_lower_case_hex_sha256_of_the_token()
    {
        var token = OnboardingLinkLimits.NewToken();

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(token))), OnboardingLinkLimits.Hash(token));
        Assert.Equal(64, OnboardingLinkLimits.Hash(token).Length);
        Assert.True(OnboardingLinkLimits.IsWellFormed("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA-_"));
    }
}
