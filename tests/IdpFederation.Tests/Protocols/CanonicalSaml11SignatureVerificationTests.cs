using System.Security.Cryptography.X509Certificates;
using System.Xml;
using IdpFederation.Protocols.Saml11;
using IdpFederation.Protocols.Signing;

namespace IdpFederation.Tests.Protocols;

/// <summary>
/// The DOM-free signed assertion (<see cref="SignedSaml11Assertion"/>) verifies with our strict
/// validator, with .NET SignedXml and with xmlsec1, alone and inside the RSTR after re-parsing.
/// </summary>
[Trait("Kind", "Integration")]
public class CanonicalSaml11SignatureVerificationTests
{
    private static X509Certificate2 PublicCert => TestCertificates.PublicOnly(TestCertificates.Signing);

    [Fact]
    public void Strict_validator_accepts_the_fast_signed_assertion()
    {
        var assertion = TestTokens.Load(CanonicalTokens.SignedAssertion()).DocumentElement!;
        var result = TestTokens.Validate(assertion);
        Assert.True(result.IsValid, result.Error);
    }

    [Fact]
    public void Dotnet_SignedXml_accepts_the_fast_signed_assertion()
    {
        var assertion = TestTokens.Load(CanonicalTokens.SignedAssertion()).DocumentElement!;
        Assert.True(CanonicalTokens.CheckWithSignedXml(assertion, PublicCert));
    }

    [Fact]
    public void Xmlsec1_accepts_the_fast_signed_assertion()
    {
        var (exitCode, output) = Xmlsec1.VerifyAssertion(CanonicalTokens.SignedAssertion(), PublicCert);
        Assert.True(exitCode == 0, output);
    }

    [Fact]
    public void All_three_verifiers_accept_the_fast_signed_assertion_after_the_rstr_is_reparsed()
    {
        var rstr = TestTokens.Load(CanonicalTokens.Rstr(CanonicalTokens.SignedAssertion()));
        var assertion = CanonicalTokens.AssertionIn(rstr);

        var result = TestTokens.Validate(assertion);
        Assert.True(result.IsValid, result.Error);
        Assert.True(CanonicalTokens.CheckWithSignedXml(assertion, PublicCert));
        var (exitCode, output) = Xmlsec1.VerifyAssertion(assertion.OuterXml, PublicCert);
        Assert.True(exitCode == 0, output);
    }

    [Fact]
    public void Xmlsec1_accepts_the_whole_rstr_string_of_the_fast_path()
    {
        var (exitCode, output) = Xmlsec1.VerifyAssertion(CanonicalTokens.Rstr(CanonicalTokens.SignedAssertion()), PublicCert);
        Assert.True(exitCode == 0, output);
    }

    [Fact]
    public void Strict_validator_refuses_the_fast_signed_assertion_against_another_certificate()
    {
        var assertion = TestTokens.Load(CanonicalTokens.SignedAssertion()).DocumentElement!;
        Assert.False(TestTokens.Validate(assertion, TestCertificates.PublicOnly(TestCertificates.Attacker)).IsValid);
    }

    [Fact]
    public void Rstr_of_the_fast_path_is_canonically_identical_to_the_rstr_of_the_reference_path()
    {
        var model = TestTokens.Model();
        var fast = TestTokens.Load(CanonicalTokens.Rstr(CanonicalTokens.SignedAssertion(model)));
        var reference = TestTokens.Load(TestTokens.Rstr(TestTokens.SignedAssertion(model).DocumentElement!));
        Assert.Equal(CanonicalTokens.ExclusiveC14n(reference), CanonicalTokens.ExclusiveC14n(fast));
    }

    [Fact]
    public void Signature_is_the_assertions_last_child_with_the_algorithms_of_XmlSigner()
    {
        var model = TestTokens.Model();
        var assertion = TestTokens.Load(CanonicalTokens.SignedAssertion(model)).DocumentElement!;
        var ns = TestTokens.Namespaces(assertion.OwnerDocument);

        var signature = Assert.IsType<XmlElement>(assertion.LastChild);
        Assert.Equal(("Signature", XmlSignatureAlgorithms.DsigNamespace, ""), (signature.LocalName, signature.NamespaceURI, signature.Prefix));
        Assert.Equal(XmlSignatureAlgorithms.ExclusiveC14n, signature.SelectSingleNode("ds:SignedInfo/ds:CanonicalizationMethod/@Algorithm", ns)!.Value);
        Assert.Equal(XmlSignatureAlgorithms.RsaSha256, signature.SelectSingleNode("ds:SignedInfo/ds:SignatureMethod/@Algorithm", ns)!.Value);
        Assert.Equal("#" + model.AssertionId, signature.SelectSingleNode("ds:SignedInfo/ds:Reference/@URI", ns)!.Value);
        Assert.Equal(
            [XmlSignatureAlgorithms.EnvelopedSignature, XmlSignatureAlgorithms.ExclusiveC14n],
            signature.SelectNodes("ds:SignedInfo/ds:Reference/ds:Transforms/ds:Transform/@Algorithm", ns)!.Cast<XmlNode>().Select(n => n.Value));
        Assert.Equal(XmlSignatureAlgorithms.Sha256, signature.SelectSingleNode("ds:SignedInfo/ds:Reference/ds:DigestMethod/@Algorithm", ns)!.Value);
        Assert.Equal(
            Convert.ToBase64String(TestCertificates.Signing.RawData),
            signature.SelectSingleNode("ds:KeyInfo/ds:X509Data/ds:X509Certificate", ns)!.InnerText);
    }

    [Fact]
    public void One_shared_signer_signs_correctly_from_many_threads()
    {
        var models = CanonicalTokens.RandomModels(seed: 7, count: 64).ToArray();
        var signed = new string[models.Length];
        Parallel.For(0, models.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 },
            i => signed[i] = CanonicalTokens.SignedAssertion(models[i]));

        Assert.All(signed, xml =>
        {
            var result = TestTokens.Validate(TestTokens.Load(xml).DocumentElement!);
            Assert.True(result.IsValid, result.Error);
        });
    }
}
