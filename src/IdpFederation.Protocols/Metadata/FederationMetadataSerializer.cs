using System.Xml;
using IdpFederation.Protocols.Signing;
using IdpFederation.Protocols.Xml;

namespace IdpFederation.Protocols.Metadata;

/// <summary>
/// Writes <see cref="FederationMetadata"/> as an unsigned md:EntityDescriptor (spec §4). Sign it with
/// <c>XmlSigner.SignEnveloped(doc.DocumentElement, metadata.Id, doc.DocumentElement.FirstChild)</c>:
/// SAML metadata schema puts ds:Signature first in EntityDescriptor.
/// </summary>
public static class FederationMetadataSerializer
{
    private const string Md = MetadataConstants.MetadataNamespace;
    private const string Fed = MetadataConstants.FederationNamespace;
    private const string Auth = MetadataConstants.AuthorizationNamespace;
    private const string Wsa = MetadataConstants.AddressingNamespace;

    public static XmlDocument ToXmlDocument(FederationMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        XmlConvert.VerifyNCName(metadata.Id);
        if (metadata.SigningCertificates is not { Count: > 0 })
        {
            // Microsoft.IdentityModel rejects metadata without signing keys (IDX22711), spec §4.
            throw new ArgumentException("At least one signing certificate is required.", nameof(metadata));
        }

        var document = new XmlDocument { PreserveWhitespace = true, XmlResolver = null };
        using (var writer = document.CreateNavigator()!.AppendChild())
        {
            writer.WriteStartElement("md", "EntityDescriptor", Md);
            writer.WriteAttributeString(MetadataConstants.IdAttribute, metadata.Id);
            writer.WriteAttributeString("entityID", XmlValues.Checked(metadata.EntityId, nameof(metadata.EntityId)));
            if (metadata.ValidUntil is { } validUntil)
            {
                writer.WriteAttributeString("validUntil", XmlValues.FormatUtc(validUntil, nameof(metadata.ValidUntil)));
            }

            WriteRoleDescriptor(writer, metadata);
            writer.WriteEndElement();
        }

        return document;
    }

    // Child order per WS-Federation 1.2 §3.1.2: KeyDescriptor*, TokenTypesOffered?, ClaimTypesOffered?,
    // SecurityTokenServiceEndpoint+, PassiveRequestorEndpoint*.
    private static void WriteRoleDescriptor(XmlWriter writer, FederationMetadata metadata)
    {
        writer.WriteStartElement("md", "RoleDescriptor", Md);
        writer.WriteAttributeString("xmlns", "xsi", null, MetadataConstants.XsiNamespace);
        writer.WriteAttributeString("xmlns", "fed", null, Fed);
        // xsi:type names "fed" only inside an attribute value, which exclusive c14n does not see as
        // use of the prefix; the fed: child elements below keep the declaration under the signature.
        writer.WriteAttributeString("xsi", "type", MetadataConstants.XsiNamespace, MetadataConstants.SecurityTokenServiceType);
        writer.WriteAttributeString("protocolSupportEnumeration", Fed);

        foreach (var certificate in metadata.SigningCertificates)
        {
            writer.WriteStartElement("md", "KeyDescriptor", Md);
            writer.WriteAttributeString("use", "signing");
            writer.WriteStartElement("KeyInfo", XmlSignatureAlgorithms.DsigNamespace);
            writer.WriteStartElement("X509Data", XmlSignatureAlgorithms.DsigNamespace);
            writer.WriteElementString("X509Certificate", XmlSignatureAlgorithms.DsigNamespace, Convert.ToBase64String(certificate.RawData));
            writer.WriteEndElement();
            writer.WriteEndElement();
            writer.WriteEndElement();
        }

        if (metadata.TokenTypesOffered.Count > 0)
        {
            writer.WriteStartElement("fed", "TokenTypesOffered", Fed);
            foreach (var tokenType in metadata.TokenTypesOffered)
            {
                writer.WriteStartElement("fed", "TokenType", Fed);
                writer.WriteAttributeString("Uri", XmlValues.Checked(tokenType, nameof(metadata.TokenTypesOffered)));
                writer.WriteEndElement();
            }

            writer.WriteEndElement();
        }

        if (metadata.ClaimTypesOffered.Count > 0)
        {
            writer.WriteStartElement("fed", "ClaimTypesOffered", Fed);
            foreach (var claim in metadata.ClaimTypesOffered)
            {
                writer.WriteStartElement("auth", "ClaimType", Auth);
                writer.WriteAttributeString("Uri", XmlValues.Checked(claim.Uri, nameof(claim.Uri)));
                writer.WriteAttributeString("Optional", "true");
                writer.WriteElementString("auth", "DisplayName", Auth, XmlValues.Checked(claim.DisplayName, nameof(claim.DisplayName)));
                writer.WriteElementString("auth", "Description", Auth, XmlValues.Checked(claim.Description, nameof(claim.Description)));
                writer.WriteEndElement();
            }

            writer.WriteEndElement();
        }

        WriteEndpoint(writer, "SecurityTokenServiceEndpoint", metadata.SecurityTokenServiceEndpoint);
        WriteEndpoint(writer, "PassiveRequestorEndpoint", metadata.PassiveRequestorEndpoint);
        writer.WriteEndElement();
    }

    private static void WriteEndpoint(XmlWriter writer, string name, string address)
    {
        writer.WriteStartElement("fed", name, Fed);
        writer.WriteStartElement("wsa", "EndpointReference", Wsa);
        writer.WriteElementString("wsa", "Address", Wsa, XmlValues.Checked(address, name));
        writer.WriteEndElement();
        writer.WriteEndElement();
    }
}
