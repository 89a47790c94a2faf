using System.Text;
using System.Xml;
using IdpFederation.Protocols.Saml11;

namespace IdpFederation.Tests.Protocols;

/// <summary>
/// Differential tests: the canonical writer against the reference path (DOM serializer, .NET
/// exc-c14n, XmlSigner) over seeded random models full of characters XML treats specially.
/// </summary>
[Trait("Kind", "Unit")]
public class Saml11CanonicalWriterDifferentialTests
{
    private const int Seed = 20250304;
    private const int ModelCount = 300;

    [Fact]
    public void Canonical_bytes_equal_dotnet_exclusive_c14n_of_the_reference_document()
    {
        var index = 0;
        foreach (var model in CanonicalTokens.RandomModels(Seed, ModelCount))
        {
            var expected = CanonicalTokens.ReferenceCanonicalBytes(model);
            var actual = Saml11CanonicalWriter.ToCanonicalBytes(model);
            Assert.True(expected.AsSpan().SequenceEqual(actual),
                $"Model {index} differs.\nreference: {Encoding.UTF8.GetString(expected)}\nfast:      {Encoding.UTF8.GetString(actual)}");
            index++;
        }
    }

    [Fact]
    public void Fast_signed_assertion_is_identical_to_the_reference_signed_assertion()
    {
        // RSA PKCS#1 v1.5 is deterministic, so equal SignedInfo means equal SignatureValue too:
        // the whole signed assertion, Signature included, must match after parsing.
        var index = 0;
        foreach (var model in CanonicalTokens.RandomModels(Seed + 1, ModelCount / 3))
        {
            // Re-parsed like the fast output, so both trees come from the same parser.
            var reference = TestTokens.Load(TestTokens.SignedAssertion(model).OuterXml);
            var fast = TestTokens.Load(CanonicalTokens.SignedAssertion(model));

            AssertSameTree(reference.DocumentElement!, fast.DocumentElement!, $"model {index}");
            Assert.Equal(CanonicalTokens.ExclusiveC14n(reference), CanonicalTokens.ExclusiveC14n(fast));
            index++;
        }
    }

    [Fact]
    public void Canonical_form_follows_the_c14n_rules_exactly()
    {
        var model = TestTokens.Model("_a") with
        {
            Issuer = "i&<>\"'",
            Audiences = ["a&<>\"'", ""],
            NameIdentifier = "n&<>\"'𝄞",
            Attributes = [new("n&<>\"'", "s", ["v&<>\"'", "é"])],
            AuthenticationMethod = "m",
        };
        const string expected =
            "<saml:Assertion xmlns:saml=\"urn:oasis:names:tc:SAML:1.0:assertion\" AssertionID=\"_a\" IssueInstant=\"2025-03-04T05:06:07.890Z\""
            + " Issuer=\"i&amp;&lt;>&quot;'\" MajorVersion=\"1\" MinorVersion=\"1\">"
            + "<saml:Conditions NotBefore=\"2025-03-04T05:06:07.890Z\" NotOnOrAfter=\"2025-03-04T06:06:07.890Z\">"
            + "<saml:AudienceRestrictionCondition><saml:Audience>a&amp;&lt;&gt;\"'</saml:Audience><saml:Audience></saml:Audience>"
            + "</saml:AudienceRestrictionCondition></saml:Conditions>"
            + "<saml:AttributeStatement>" + Subject
            + "<saml:Attribute AttributeName=\"n&amp;&lt;>&quot;'\" AttributeNamespace=\"s\">"
            + "<saml:AttributeValue>v&amp;&lt;&gt;\"'</saml:AttributeValue><saml:AttributeValue>é</saml:AttributeValue></saml:Attribute>"
            + "</saml:AttributeStatement>"
            + "<saml:AuthenticationStatement AuthenticationInstant=\"2025-03-04T05:05:07.890Z\" AuthenticationMethod=\"m\">" + Subject
            + "</saml:AuthenticationStatement></saml:Assertion>";

        Assert.Equal(expected, Saml11CanonicalWriter.ToCanonicalString(model));
        Assert.Equal(Encoding.UTF8.GetBytes(expected), CanonicalTokens.ReferenceCanonicalBytes(model));
    }

    private const string Subject =
        "<saml:Subject><saml:NameIdentifier Format=\"urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified\">n&amp;&lt;&gt;\"'𝄞</saml:NameIdentifier>"
        + "<saml:SubjectConfirmation><saml:ConfirmationMethod>urn:oasis:names:tc:SAML:1.0:cm:bearer</saml:ConfirmationMethod>"
        + "</saml:SubjectConfirmation></saml:Subject>";

    /// <summary>Same elements, attributes (namespace declarations aside) and text, in the same order.</summary>
    private static void AssertSameTree(XmlNode expected, XmlNode actual, string where)
    {
        Assert.True(expected.NodeType == actual.NodeType, $"{where}: node type {expected.NodeType} vs {actual.NodeType}");
        Assert.True(expected.NamespaceURI == actual.NamespaceURI && expected.LocalName == actual.LocalName,
            $"{where}: {{{expected.NamespaceURI}}}{expected.LocalName} vs {{{actual.NamespaceURI}}}{actual.LocalName}");
        Assert.True(expected.Value == actual.Value, $"{where}/{expected.LocalName}: value differs");
        Assert.Equal(Attributes(expected), Attributes(actual));

        var expectedChildren = expected.ChildNodes.Cast<XmlNode>().ToArray();
        var actualChildren = actual.ChildNodes.Cast<XmlNode>().ToArray();
        Assert.True(expectedChildren.Length == actualChildren.Length, $"{where}/{expected.LocalName}: child count");
        for (var i = 0; i < expectedChildren.Length; i++)
        {
            AssertSameTree(expectedChildren[i], actualChildren[i], $"{where}/{expected.LocalName}[{i}]");
        }
    }

    private static string[] Attributes(XmlNode node) =>
        (node.Attributes?.Cast<XmlAttribute>() ?? [])
        .Where(a => a.NamespaceURI != "http://www.w3.org/2000/xmlns/")
        .Select(a => $"{{{a.NamespaceURI}}}{a.LocalName}={a.Value}")
        .Order(StringComparer.Ordinal)
        .ToArray();
}
