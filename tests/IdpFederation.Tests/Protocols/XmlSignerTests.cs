using System.Collections.Concurrent;
using System.Diagnostics;
using System.Xml;
using IdpFederation.Protocols.Saml11;
using IdpFederation.Protocols.Signing;
using Xunit.Abstractions;

namespace IdpFederation.Tests.Protocols;

[Trait("Kind", "Unit")]
public class XmlSignerTests(ITestOutputHelper output)
{
    [Fact]
    public void Refuses_a_certificate_without_a_private_key()
    {
        Assert.Throws<ArgumentException>(() => new XmlSigner(TestCertificates.PublicOnly(TestCertificates.Signing)));
    }

    [Fact]
    public void Refuses_insert_before_a_node_that_is_not_a_child()
    {
        var model = TestTokens.Model();
        var document = Saml11AssertionSerializer.ToXmlDocument(model);
        using var signer = new XmlSigner(TestCertificates.Signing);
        var grandchild = document.DocumentElement!.FirstChild!.FirstChild!;
        Assert.Throws<ArgumentException>(() => signer.SignEnveloped(document.DocumentElement!, model.AssertionId, grandchild));
    }

    [Fact]
    public void Refuses_an_id_the_element_does_not_carry()
    {
        var document = Saml11AssertionSerializer.ToXmlDocument(TestTokens.Model());
        using var signer = new XmlSigner(TestCertificates.Signing);
        Assert.Throws<ArgumentException>(() => signer.SignEnveloped(document.DocumentElement!, "_other", null));
    }

    [Fact]
    public void Inserts_before_the_given_child()
    {
        var model = TestTokens.Model();
        var document = Saml11AssertionSerializer.ToXmlDocument(model);
        using var signer = new XmlSigner(TestCertificates.Signing);
        signer.SignEnveloped(document.DocumentElement!, model.AssertionId, document.DocumentElement!.FirstChild);
        Assert.Equal("Signature", document.DocumentElement!.FirstChild!.LocalName);
        Assert.True(TestTokens.Validate(document.DocumentElement!).IsValid);
    }

    [Fact]
    public void Concurrent_signing_with_one_signer_gives_valid_tokens()
    {
        using var signer = new XmlSigner(TestCertificates.Signing);
        var tokens = new ConcurrentBag<string>();
        const int count = 400;
        var watch = Stopwatch.StartNew();
        Parallel.For(0, count, _ =>
        {
            var model = TestTokens.Model();
            var document = Saml11AssertionSerializer.ToXmlDocument(model);
            signer.SignEnveloped(document.DocumentElement!, model.AssertionId, null);
            tokens.Add(TestTokens.Rstr(document.DocumentElement!));
        });
        output.WriteLine($"{count / watch.Elapsed.TotalSeconds:F0} signed RSTRs/s on {Environment.ProcessorCount} cores (includes JIT warm-up)");

        Assert.Equal(count, tokens.Count);
        foreach (var rstr in tokens)
        {
            var document = TestTokens.Load(rstr);
            var assertion = (XmlElement)document.SelectSingleNode("//saml:Assertion", TestTokens.Namespaces(document))!;
            Assert.True(TestTokens.Validate(assertion).IsValid);
        }
    }
}
