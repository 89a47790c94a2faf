using System.Xml;

namespace IdpFederation.Tests.Protocols;

/// <summary>
/// Our signatures checked by a second, independent XML-DSig implementation (xmlsec1 over OpenSSL).
/// These tests fail, rather than skip, when xmlsec1 is not installed.
/// </summary>
[Trait("Kind", "Integration")]
public class Xmlsec1VerificationTests
{
    private static string SignedAssertionFromRstr(string rstr)
    {
        var document = TestTokens.Load(rstr);
        return document.SelectSingleNode("//saml:Assertion", TestTokens.Namespaces(document))!.OuterXml;
    }

    [Fact]
    public void Xmlsec1_verifies_the_signed_assertion_as_it_appears_in_the_rstr()
    {
        var xml = SignedAssertionFromRstr(TestTokens.Rstr(TestTokens.SignedAssertion().DocumentElement!));
        var (exitCode, output) = Xmlsec1.VerifyAssertion(xml, TestCertificates.PublicOnly(TestCertificates.Signing));
        Assert.True(exitCode == 0, output);
    }

    [Fact]
    public void Xmlsec1_verifies_the_whole_rstr_string()
    {
        var rstr = TestTokens.Rstr(TestTokens.SignedAssertion().DocumentElement!);
        var (exitCode, output) = Xmlsec1.VerifyAssertion(rstr, TestCertificates.Signing);
        Assert.True(exitCode == 0, output);
    }

    [Fact]
    public void Xmlsec1_rejects_a_tampered_assertion()
    {
        var xml = TestTokens.SignedAssertion().OuterXml.Replace(TestTokens.Upn, "mallory@contoso.com", StringComparison.Ordinal);
        var (exitCode, output) = Xmlsec1.VerifyAssertion(xml, TestCertificates.Signing);
        Assert.True(exitCode != 0, output);
    }

    [Fact]
    public void Xmlsec1_command_line_ignores_the_certificate_embedded_in_KeyInfo()
    {
        // Signed by the attacker, with the attacker's cert (same subject) in KeyInfo: must fail against our cert...
        var forged = TestTokens.SignedAssertion(certificate: TestCertificates.Attacker).OuterXml;
        var (exitCode, output) = Xmlsec1.VerifyAssertion(forged, TestCertificates.Signing);
        Assert.True(exitCode != 0, output);

        // ...and pass against the attacker's own cert, proving the failure above is the key check.
        Assert.Equal(0, Xmlsec1.VerifyAssertion(forged, TestCertificates.Attacker).ExitCode);
    }

    [Fact]
    public void Xmlsec1_verifies_signed_metadata_and_rejects_a_tampered_copy()
    {
        var metadata = FederationMetadataTests.SignedMetadataXml();
        var (exitCode, output) = Xmlsec1.VerifyMetadata(metadata, TestCertificates.Signing);
        Assert.True(exitCode == 0, output);

        var tampered = metadata.Replace("https://fs.contoso.com/adfs/ls/", "https://evil.example/adfs/ls/", StringComparison.Ordinal);
        Assert.NotEqual(metadata, tampered);
        var (tamperedExit, tamperedOutput) = Xmlsec1.VerifyMetadata(tampered, TestCertificates.Signing);
        Assert.True(tamperedExit != 0, tamperedOutput);
    }

    [Fact]
    public void Xmlsec1_rejects_metadata_checked_against_another_certificate()
    {
        var (exitCode, output) = Xmlsec1.VerifyMetadata(FederationMetadataTests.SignedMetadataXml(), TestCertificates.Attacker);
        Assert.True(exitCode != 0, output);
    }

    [Fact]
    public void Our_validator_and_xmlsec1_agree_on_a_comment_injected_after_signing()
    {
        // Both implement exc-c14n without comments, so both accept; see SignedXmlValidatorTests for why that is correct.
        var xml = TestTokens.SignedAssertion().OuterXml.Replace(TestTokens.Upn, "alice<!---->@contoso.com", StringComparison.Ordinal);
        var document = TestTokens.Load(xml);
        Assert.True(TestTokens.Validate(document.DocumentElement!).IsValid);
        Assert.Equal(0, Xmlsec1.VerifyAssertion(xml, TestCertificates.Signing).ExitCode);
        Assert.IsType<XmlComment>(document.SelectSingleNode("//comment()"));
    }
}
