using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography.Xml;
using System.Text;
using System.Xml;
using IdpFederation.Protocols.Saml11;
using IdpFederation.Protocols.Signing;
using IdpFederation.Protocols.WsFederation;
using IdpFederation.Protocols.WsTrust;

namespace IdpFederation.Tests.Protocols;

/// <summary>
/// Helpers for the DOM-free signing path (<see cref="SignedSaml11Assertion"/>), and the reference
/// results it must match: <see cref="Saml11AssertionSerializer"/> + <see cref="XmlSigner"/>, and
/// .NET's own <see cref="XmlDsigExcC14NTransform"/>.
/// </summary>
public static class CanonicalTokens
{
    private static readonly Lazy<CanonicalXmlSigner> SignerLazy = new(() => new CanonicalXmlSigner(TestCertificates.Signing));

    /// <summary>The fast signer over the IdP's test certificate; shared, as in production.</summary>
    public static CanonicalXmlSigner Signer => SignerLazy.Value;

    public static string SignedAssertion(Saml11Assertion? model = null) => SignedSaml11Assertion.Create(model ?? TestTokens.Model(), Signer);

    public static string Rstr(string signedAssertion) =>
        WsTrust2005ResponseSerializer.Serialize(
            new RequestSecurityTokenResponse { Created = TestTokens.Now, Expires = TestTokens.Now.AddHours(1), AppliesTo = TestTokens.Audience },
            signedAssertion);

    /// <summary>What a verifier computes: exc-c14n (no comments) of the node, as UTF-8.</summary>
    public static byte[] ExclusiveC14n(XmlNode node)
    {
        var document = new XmlDocument { PreserveWhitespace = true, XmlResolver = null };
        document.AppendChild(document.ImportNode(node is XmlDocument d ? d.DocumentElement! : node, deep: true));
        var transform = new XmlDsigExcC14NTransform();
        transform.LoadInput(document);
        using var stream = (Stream)transform.GetOutput(typeof(Stream));
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>The reference canonical assertion: DOM serializer, then .NET's exc-c14n.</summary>
    public static byte[] ReferenceCanonicalBytes(Saml11Assertion model) =>
        ExclusiveC14n(Saml11AssertionSerializer.ToXmlDocument(model));

    /// <summary>.NET SignedXml's own check with the certificate's key (verifySignatureOnly: no chain building).</summary>
    public static bool CheckWithSignedXml(XmlElement assertion, X509Certificate2 certificate)
    {
        var signedXml = new AssertionIdSignedXml(assertion);
        signedXml.LoadXml((XmlElement)assertion.GetElementsByTagName("Signature", XmlSignatureAlgorithms.DsigNamespace)[0]!);
        return signedXml.CheckSignature(certificate, verifySignatureOnly: true);
    }

    public static XmlElement AssertionIn(XmlDocument document) =>
        (XmlElement)document.SelectSingleNode("//saml:Assertion", TestTokens.Namespaces(document))!;

    /// <summary>
    /// Seeded random models covering what XML makes hard: markup characters, quotes, non-ASCII and
    /// astral characters, U+2028, empty and long values, several audiences and values, MFA or not.
    /// </summary>
    public static IEnumerable<Saml11Assertion> RandomModels(int seed, int count)
    {
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            var start = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddMilliseconds(random.NextInt64(0, 200_000_000_000));
            var attributes = new List<Saml11Attribute>
            {
                new(WsFederationClaimTypes.UpnName, WsFederationClaimTypes.UpnNamespace, RandomText(random)),
                new(WsFederationClaimTypes.ImmutableIdName, WsFederationClaimTypes.ImmutableIdNamespace, RandomText(random)),
            };
            if (random.Next(2) == 0)
            {
                attributes.Add(new(WsFederationClaimTypes.AuthnMethodsReferencesName, WsFederationClaimTypes.AuthnMethodsReferencesNamespace,
                    WsFederationConstants.AuthenticationTypes.MultipleAuthN));
            }

            for (var extra = random.Next(4); extra > 0; extra--)
            {
                attributes.Add(new(RandomText(random), RandomText(random), RandomValues(random, random.Next(4))));
            }

            yield return new Saml11Assertion
            {
                AssertionId = random.Next(3) == 0 ? "_é" + i + "ß-." + i : XmlIds.NewId(),
                Issuer = RandomText(random),
                IssueInstant = start,
                NotBefore = random.Next(2) == 0 ? start : DateTime.SpecifyKind(start.AddSeconds(-5), DateTimeKind.Unspecified),
                NotOnOrAfter = start.AddMinutes(random.Next(1, 600)),
                Audiences = RandomValues(random, random.Next(1, 4)),
                NameIdentifier = RandomText(random),
                NameIdentifierFormat = random.Next(2) == 0 ? Saml11Constants.NameIdentifierFormatUnspecified : RandomText(random),
                ConfirmationMethod = random.Next(2) == 0 ? Saml11Constants.ConfirmationMethodBearer : RandomText(random),
                Attributes = attributes,
                AuthenticationMethod = RandomText(random),
                AuthenticationInstant = start.AddSeconds(-random.Next(3600)),
            };
        }
    }

    private static string[] RandomValues(Random random, int count) =>
        Enumerable.Range(0, count).Select(_ => RandomText(random)).ToArray();

    // Every character here is legal XML and passes XmlValues.Checked (no controls).
    private static readonly string[] Pieces =
    [
        "&", "<", ">", "\"", "'", "&amp;", "<!--", "]]>", " ", "  ", "=", "/", "#", ";", "a", "Z", "0",
        "é", "ü", "中文", "Ω", "\u00A0", "\u2028", "\uFEFF", "\uFFFD", "𝄞", "😀", "\U0010FFFD",
        "http://schemas.xmlsoap.org/claims", "alice@contoso.com", "AbCd+/==",
    ];

    private static string RandomText(Random random)
    {
        var length = random.Next(10) switch
        {
            0 => 0,
            1 => random.Next(500, 3000),
            _ => random.Next(1, 20),
        };
        var builder = new StringBuilder();
        for (var i = 0; i < length; i++)
        {
            builder.Append(Pieces[random.Next(Pieces.Length)]);
        }

        return builder.ToString();
    }

    /// <summary>Resolves "#id" by SAML 1.1's AssertionID, which stock SignedXml does not know.</summary>
    private sealed class AssertionIdSignedXml : SignedXml
    {
        private readonly XmlElement _assertion;

        public AssertionIdSignedXml(XmlElement assertion)
            : base(assertion)
        {
            _assertion = assertion;
        }

        public override XmlElement? GetIdElement(XmlDocument? document, string idValue) =>
            _assertion.GetAttribute(Saml11Constants.AssertionIdAttribute) == idValue ? _assertion : null;
    }
}
