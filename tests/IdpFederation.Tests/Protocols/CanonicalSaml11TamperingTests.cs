using System.Text;

namespace IdpFederation.Tests.Protocols;

/// <summary>
/// Every character of every value in a fast-signed assertion is covered by its signature: changing
/// any one makes our strict validator reject it, and xmlsec1 agrees (one change per value there,
/// as each check starts a process).
/// </summary>
[Trait("Kind", "Integration")]
public class CanonicalSaml11TamperingTests
{
    private static readonly string Token = CanonicalTokens.SignedAssertion(TestTokens.Model() with
    {
        Issuer = "http://contoso.com/adfs/services/trust/&\"x",
        NameIdentifier = "AbCd&<>é𝄞",
    });

    [Fact]
    public void Strict_validator_rejects_a_change_to_any_character_of_any_text_or_attribute_value()
    {
        var positions = ValuePositions(Token).ToList();
        Assert.True(positions.Count > 500, $"only {positions.Count} positions found");
        foreach (var position in positions)
        {
            var tampered = Tamper(Token, position);
            var result = TestTokens.Validate(TestTokens.Load(tampered).DocumentElement!);
            Assert.False(result.IsValid, $"A change at {position} ({Token[Math.Max(0, position - 20)..position]}) was accepted.");
        }
    }

    [Fact]
    public void Xmlsec1_rejects_a_change_to_any_text_or_attribute_value()
    {
        var firstOfEachValue = ValueStarts(Token).ToList();
        // 6 Assertion attributes (xmlns:saml included), 2 Conditions, 1 Audience, 2 x 3 in the two
        // Subjects, 4 attributes x 3, 2 AuthenticationStatement: the scan finds every value.
        Assert.Equal(29, firstOfEachValue.Count);
        var certificate = TestCertificates.PublicOnly(TestCertificates.Signing);
        foreach (var position in firstOfEachValue)
        {
            var (exitCode, output) = Xmlsec1.VerifyAssertion(Tamper(Token, position), certificate);
            Assert.True(exitCode != 0, $"xmlsec1 accepted a change at {position}: {output}");
        }
    }

    [Fact]
    public void Untampered_token_is_accepted_by_both()
    {
        Assert.True(TestTokens.Validate(TestTokens.Load(Token).DocumentElement!).IsValid);
        Assert.Equal(0, Xmlsec1.VerifyAssertion(Token, TestCertificates.Signing).ExitCode);
    }

    /// <summary>Replaces one character with another that keeps the XML well-formed.</summary>
    private static string Tamper(string xml, int position)
    {
        var replacement = xml[position] == 'x' ? 'y' : 'x';
        var builder = new StringBuilder(xml);
        if (char.IsHighSurrogate(xml[position]))
        {
            builder.Remove(position, 2).Insert(position, replacement);
        }
        else
        {
            builder[position] = replacement;
        }

        return builder.ToString();
    }

    /// <summary>
    /// Indexes of the characters inside the assertion's text and attribute values, up to its
    /// Signature; a character reference (&amp;amp; etc.) counts once, at its '&amp;'.
    /// </summary>
    private static IEnumerable<int> ValuePositions(string xml) => Scan(xml).Select(p => p.Position);

    private static IEnumerable<int> ValueStarts(string xml) => Scan(xml).Where(p => p.First).Select(p => p.Position);

    private static IEnumerable<(int Position, bool First)> Scan(string xml)
    {
        var end = xml.IndexOf("<Signature ", StringComparison.Ordinal);
        bool inTag = false, inValue = false, first = false;
        for (var i = 0; i < end; i++)
        {
            var c = xml[i];
            if (!inValue && c == '<')
            {
                inTag = true;
                continue;
            }

            if (inTag && c == '"')
            {
                inValue = !inValue;
                first = inValue;
                continue;
            }

            if (inTag && !inValue && c == '>')
            {
                inTag = false;
                first = true;
                continue;
            }

            if (inTag && !inValue)
            {
                continue;
            }

            // Text or attribute value character.
            yield return (i, first);
            first = false;
            if (c == '&')
            {
                i = xml.IndexOf(';', i);
            }
            else if (char.IsHighSurrogate(c))
            {
                i++;
            }
        }
    }
}
