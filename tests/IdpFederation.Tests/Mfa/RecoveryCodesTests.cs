using System.Text;
using IdpFederation.Core.Mfa;

namespace IdpFederation.Tests.Mfa;

[Trait("Kind", "Unit")]
public sealed class RecoveryCodesTests
{
    // Issuing costs ten PBKDF2 runs; share one set across the tests that only read it.
    private static readonly IssuedRecoveryCodes Issued = RecoveryCodes.Issue();

    [Fact]
    public void Ten_codes_in_xxxx_dash_xxxx_form_from_the_unambiguous_alphabet()
    {
        Assert.Equal(10, Issued.Codes.Count);
        Assert.Equal(10, Issued.Hashes.Count);
        Assert.All(Issued.Codes, c => Assert.Matches("^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$", c));
        Assert.Equal(10, Issued.Codes.Distinct(StringComparer.Ordinal).Count());
        Assert.DoesNotContain(Issued.Codes.SelectMany(c => c), c => c is '0' or 'O' or '1' or 'I');
    }

    [Fact]
    public void The_alphabet_has_32_distinct_symbols_so_a_code_carries_40_bits()
    {
        Assert.Equal(32, RecoveryCodes.Alphabet.Distinct().Count());
        Assert.True(RecoveryCodes.CodeLength * Math.Log2(RecoveryCodes.Alphabet.Length) >= 40);
    }

    [Fact]
    public void Generated_codes_use_the_whole_alphabet()
    {
        // 100 × 8 random symbols over 32 letters: the chance that any one letter is missing is below 32 × (31/32)^800 ≈ 3e-10.
        // (An earlier 160 symbols left it at 20 %, and the test failed about once in five runs.)
        // The generator alone: hashing 100 codes would add seconds and prove nothing about the alphabet.
        var seen = Enumerable.Range(0, 100).Select(_ => RecoveryCodes.NewCode()).SelectMany(c => c.Replace("-", "", StringComparison.Ordinal)).ToHashSet();
        Assert.Equal(32, seen.Count);
    }

    [Fact]
    public void Each_code_verifies_against_its_own_hash_index()
    {
        for (var i = 0; i < Issued.Codes.Count; i++)
        {
            Assert.Equal(i, RecoveryCodes.Verify(Issued.Codes[i], Issued.Hashes));
        }
    }

    [Fact]
    public void Hashes_do_not_contain_the_codes_and_name_their_parameters()
    {
        foreach (var hash in Issued.Hashes)
        {
            Assert.StartsWith("pbkdf2-sha256$100000$", hash, StringComparison.Ordinal);
            foreach (var code in Issued.Codes)
            {
                Assert.DoesNotContain(code.Replace("-", "", StringComparison.Ordinal), hash, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain(Convert.ToBase64String(Encoding.ASCII.GetBytes(code)), hash, StringComparison.Ordinal);
            }
        }

        Assert.Equal(10, Issued.Hashes.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Two_issues_use_different_salts()
    {
        var other = RecoveryCodes.Issue(1);
        Assert.NotEqual(Issued.Hashes[0].Split('$')[2], other.Hashes[0].Split('$')[2]);
    }

    [Theory]
    [InlineData("lower")]
    [InlineData("nodash")]
    [InlineData("spaces")]
    [InlineData("padded")]
    public void Case_dashes_and_spaces_are_normalised(string variant)
    {
        var code = Issued.Codes[3];
        var typed = variant switch
        {
            "lower" => code.ToLowerInvariant(),
            "nodash" => code.Replace("-", "", StringComparison.Ordinal),
            "spaces" => code.Replace("-", " ", StringComparison.Ordinal),
            _ => "  " + code[..2] + "-" + code[2..] + "\t",
        };
        Assert.Equal(3, RecoveryCodes.Verify(typed, Issued.Hashes));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("ABCD-EFG")]
    [InlineData("ABCD-EFGHJ")]
    [InlineData("ABCD-EFG0")]
    [InlineData("ABCD_EFGH")]
    public void Impossible_codes_are_refused_without_a_match(string? typed)
    {
        Assert.Null(RecoveryCodes.Normalize(typed));
        Assert.Null(RecoveryCodes.Verify(typed, Issued.Hashes));
    }

    [Fact]
    public void A_well_formed_code_that_was_not_issued_matches_nothing()
    {
        var stranger = RecoveryCodes.Issue(1).Codes[0];
        Assert.Null(RecoveryCodes.Verify(stranger, Issued.Hashes));
    }

    [Fact]
    public void A_code_works_once_when_the_caller_removes_the_matched_hash()
    {
        var stored = Issued.Hashes.ToList();
        var index = RecoveryCodes.Verify(Issued.Codes[7], stored);
        Assert.Equal(7, index);
        stored.RemoveAt(index!.Value);
        Assert.Null(RecoveryCodes.Verify(Issued.Codes[7], stored));
        Assert.Equal(7, RecoveryCodes.Verify(Issued.Codes[8], stored));
    }

    [Fact]
    public void Codes_of_another_set_do_not_match()
    {
        var other = RecoveryCodes.Issue(2);
        Assert.Null(RecoveryCodes.Verify(Issued.Codes[0], other.Hashes));
        Assert.Null(RecoveryCodes.Verify(other.Codes[0], Issued.Hashes));
    }

    [Fact]
    public void Hashes_from_separate_issues_verify_together()
    {
        var other = RecoveryCodes.Issue(1);
        var stored = Issued.Hashes.Take(2).Concat(other.Hashes).ToList();
        Assert.Equal(2, RecoveryCodes.Verify(other.Codes[0], stored));
        Assert.Equal(1, RecoveryCodes.Verify(Issued.Codes[1], stored));
    }

    [Fact]
    public void No_stored_hashes_means_no_match() => Assert.Null(RecoveryCodes.Verify(Issued.Codes[0], []));

    [Theory]
    [InlineData("plain")]
    [InlineData("pbkdf2-sha256$x$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("pbkdf2-sha256$1000$AAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("sha256$1000$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    public void A_corrupt_stored_hash_is_a_format_error_not_a_silent_miss(string stored) =>
        Assert.Throws<FormatException>(() => RecoveryCodes.Verify(Issued.Codes[0], [.. Issued.Hashes, stored]));

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public void Issue_refuses_silly_counts(int count) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => RecoveryCodes.Issue(count));
}
