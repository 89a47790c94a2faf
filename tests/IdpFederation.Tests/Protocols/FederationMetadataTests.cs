using System.Xml;
using IdpFederation.Protocols.Metadata;
using IdpFederation.Protocols.Saml11;
using IdpFederation.Protocols.Signing;

namespace IdpFederation.Tests.Protocols;

/// <summary>Spec §4: WS-Federation metadata structure, child order (WS-Federation 1.2 §3.1.2) and signature.</summary>
[Trait("Kind", "Unit")]
public class FederationMetadataTests
{
    private const string Entity = "http://contoso.com/adfs/services/trust/";

    public static FederationMetadata Model(string? id = null) => new()
    {
        EntityId = Entity,
        Id = id ?? XmlIds.NewId(),
        SigningCertificates = [TestCertificates.Signing, TestCertificates.NextSigning],
        PassiveRequestorEndpoint = "https://fs.contoso.com/adfs/ls/",
        SecurityTokenServiceEndpoint = "https://fs.contoso.com/adfs/services/trust/2005/usernamemixed",
        TokenTypesOffered = [Saml11Constants.TokenType],
        ClaimTypesOffered =
        [
            new("http://schemas.xmlsoap.org/claims/UPN", "UPN", "The user principal name"),
            new("http://schemas.microsoft.com/LiveID/Federation/2008/05/ImmutableID", "ImmutableID", "Entra onPremisesImmutableId"),
        ],
        ValidUntil = TestTokens.Now.AddDays(7),
    };

    /// <summary>Serialized, signed (Signature first) and written out as the server would serve it.</summary>
    public static string SignedMetadataXml()
    {
        var model = Model();
        var document = FederationMetadataSerializer.ToXmlDocument(model);
        using var signer = new XmlSigner(TestCertificates.Signing);
        signer.SignEnveloped(document.DocumentElement!, model.Id, document.DocumentElement!.FirstChild);
        return document.OuterXml;
    }

    private readonly XmlDocument _doc = TestTokens.Load(SignedMetadataXml());

    private XmlNamespaceManager Ns => TestTokens.Namespaces(_doc);

    private string Value(string xpath) => _doc.SelectSingleNode(xpath, Ns)!.InnerText;

    [Fact]
    public void Entity_descriptor_has_id_entity_id_and_valid_until()
    {
        var root = _doc.DocumentElement!;
        Assert.Equal("EntityDescriptor", root.LocalName);
        Assert.Equal("urn:oasis:names:tc:SAML:2.0:metadata", root.NamespaceURI);
        Assert.Equal(Entity, root.GetAttribute("entityID"));
        Assert.Matches("^_[0-9a-f]{32}$", root.GetAttribute("ID"));
        Assert.Equal("2025-03-11T05:06:07.890Z", root.GetAttribute("validUntil"));
    }

    [Fact]
    public void Signature_is_the_first_child_and_verifies()
    {
        var root = _doc.DocumentElement!;
        Assert.Equal("Signature", root.FirstChild!.LocalName);
        Assert.Equal(XmlSignatureAlgorithms.DsigNamespace, root.FirstChild.NamespaceURI);
        var result = SignedXmlValidator.Validate(root, MetadataConstants.IdAttribute, [TestCertificates.PublicOnly(TestCertificates.Signing)]);
        Assert.True(result.IsValid, result.Error);
    }

    [Fact]
    public void Tampered_endpoint_fails_validation()
    {
        _doc.SelectSingleNode("//fed:PassiveRequestorEndpoint/wsa:EndpointReference/wsa:Address", Ns)!.InnerText = "https://evil.example/";
        Assert.False(SignedXmlValidator.Validate(_doc.DocumentElement!, "ID", [TestCertificates.Signing]).IsValid);
    }

    [Fact]
    public void Role_descriptor_is_a_security_token_service_with_declared_namespaces()
    {
        var role = (XmlElement)_doc.SelectSingleNode("/md:EntityDescriptor/md:RoleDescriptor", Ns)!;
        Assert.Equal("fed:SecurityTokenServiceType", role.GetAttribute("type", "http://www.w3.org/2001/XMLSchema-instance"));
        Assert.Equal("http://docs.oasis-open.org/wsfed/federation/200706", role.GetAttribute("protocolSupportEnumeration"));
        Assert.Equal("http://docs.oasis-open.org/wsfed/federation/200706", role.GetAttribute("xmlns:fed"));
        Assert.Equal("http://www.w3.org/2001/XMLSchema-instance", role.GetAttribute("xmlns:xsi"));
        Assert.Equal(1, _doc.SelectNodes("/md:EntityDescriptor/md:RoleDescriptor", Ns)!.Count);
    }

    [Fact]
    public void Role_descriptor_children_follow_ws_federation_order()
    {
        var role = _doc.SelectSingleNode("//md:RoleDescriptor", Ns)!;
        Assert.Equal(
            ["md:KeyDescriptor", "md:KeyDescriptor", "fed:TokenTypesOffered", "fed:ClaimTypesOffered",
             "fed:SecurityTokenServiceEndpoint", "fed:PassiveRequestorEndpoint"],
            role.ChildNodes.Cast<XmlNode>().Select(n => n.Name));
    }

    [Fact]
    public void Key_descriptors_carry_both_signing_certificates()
    {
        var certs = _doc.SelectNodes("//md:RoleDescriptor/md:KeyDescriptor[@use='signing']/ds:KeyInfo/ds:X509Data/ds:X509Certificate", Ns)!
            .Cast<XmlNode>().Select(n => n.InnerText).ToArray();
        Assert.Equal(
            [Convert.ToBase64String(TestCertificates.Signing.RawData), Convert.ToBase64String(TestCertificates.NextSigning.RawData)],
            certs);
    }

    [Fact]
    public void Endpoints_token_types_and_claim_types_are_present()
    {
        Assert.Equal("https://fs.contoso.com/adfs/ls/", Value("//fed:PassiveRequestorEndpoint/wsa:EndpointReference/wsa:Address"));
        Assert.Equal("https://fs.contoso.com/adfs/services/trust/2005/usernamemixed",
            Value("//fed:SecurityTokenServiceEndpoint/wsa:EndpointReference/wsa:Address"));
        Assert.Equal(Saml11Constants.TokenType, Value("//fed:TokenTypesOffered/fed:TokenType/@Uri"));
        var claim = (XmlElement)_doc.SelectSingleNode("//fed:ClaimTypesOffered/auth:ClaimType[@Uri='http://schemas.xmlsoap.org/claims/UPN']", Ns)!;
        Assert.Equal("true", claim.GetAttribute("Optional"));
        Assert.Equal("UPN", claim.SelectSingleNode("auth:DisplayName", Ns)!.InnerText);
        Assert.Equal("The user principal name", claim.SelectSingleNode("auth:Description", Ns)!.InnerText);
        Assert.Equal(2, _doc.SelectNodes("//auth:ClaimType", Ns)!.Count);
    }

    [Fact]
    public void Optional_parts_are_omitted_when_empty()
    {
        var document = FederationMetadataSerializer.ToXmlDocument(Model() with { TokenTypesOffered = [], ClaimTypesOffered = [], ValidUntil = null });
        var ns = TestTokens.Namespaces(document);
        Assert.Null(document.SelectSingleNode("//fed:TokenTypesOffered", ns));
        Assert.Null(document.SelectSingleNode("//fed:ClaimTypesOffered", ns));
        Assert.False(document.DocumentElement!.HasAttribute("validUntil"));
    }

    [Fact]
    public void Metadata_without_signing_certificates_is_refused()
    {
        Assert.Throws<ArgumentException>(() => FederationMetadataSerializer.ToXmlDocument(Model() with { SigningCertificates = [] }));
    }
}
