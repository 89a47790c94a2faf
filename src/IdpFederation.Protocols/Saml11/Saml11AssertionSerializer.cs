using System.Xml;
using IdpFederation.Protocols.Xml;

namespace IdpFederation.Protocols.Saml11;

/// <summary>
/// Writes a <see cref="Saml11Assertion"/> as the exact SAML 1.1 skeleton of spec §1.4, unsigned.
/// The result is a whitespace-preserving document with no indentation, ready for
/// <c>XmlSigner.SignEnveloped(doc.DocumentElement, assertion.AssertionId, insertBefore: null)</c>.
/// </summary>
public static class Saml11AssertionSerializer
{
    private const string Ns = Saml11Constants.AssertionNamespace;
    private const string P = Saml11Constants.Prefix;

    /// <exception cref="ArgumentException">The model breaks a rule of the SAML 1.1 schema or of spec §1.4.</exception>
    public static XmlDocument ToXmlDocument(Saml11Assertion assertion)
    {
        ArgumentNullException.ThrowIfNull(assertion);
        Saml11AssertionRules.Validate(assertion, nameof(assertion));

        var document = new XmlDocument { PreserveWhitespace = true, XmlResolver = null };
        // Writing through the DOM navigator builds the nodes directly: no text to re-parse.
        using (var writer = document.CreateNavigator()!.AppendChild())
        {
            WriteAssertion(writer, assertion);
        }

        return document;
    }

    private static void WriteAssertion(XmlWriter writer, Saml11Assertion a)
    {
        writer.WriteStartElement(P, "Assertion", Ns);
        writer.WriteAttributeString("MajorVersion", "1");
        writer.WriteAttributeString("MinorVersion", "1");
        writer.WriteAttributeString(Saml11Constants.AssertionIdAttribute, a.AssertionId);
        writer.WriteAttributeString("Issuer", XmlValues.Checked(a.Issuer, nameof(a.Issuer)));
        writer.WriteAttributeString("IssueInstant", XmlValues.FormatUtc(a.IssueInstant, nameof(a.IssueInstant)));

        // SAML 1.1 Core 2.3.2: Conditions, then statements; the Signature is appended last by the signer.
        writer.WriteStartElement(P, "Conditions", Ns);
        writer.WriteAttributeString("NotBefore", XmlValues.FormatUtc(a.NotBefore, nameof(a.NotBefore)));
        writer.WriteAttributeString("NotOnOrAfter", XmlValues.FormatUtc(a.NotOnOrAfter, nameof(a.NotOnOrAfter)));
        writer.WriteStartElement(P, "AudienceRestrictionCondition", Ns);
        foreach (var audience in a.Audiences)
        {
            writer.WriteElementString(P, "Audience", Ns, XmlValues.Checked(audience, nameof(a.Audiences)));
        }

        writer.WriteEndElement();
        writer.WriteEndElement();

        WriteAttributeStatement(writer, a);

        writer.WriteStartElement(P, "AuthenticationStatement", Ns);
        writer.WriteAttributeString("AuthenticationMethod", XmlValues.Checked(a.AuthenticationMethod, nameof(a.AuthenticationMethod)));
        writer.WriteAttributeString("AuthenticationInstant", XmlValues.FormatUtc(a.AuthenticationInstant, nameof(a.AuthenticationInstant)));
        WriteSubject(writer, a);
        writer.WriteEndElement();

        writer.WriteEndElement();
    }

    private static void WriteAttributeStatement(XmlWriter writer, Saml11Assertion a)
    {
        writer.WriteStartElement(P, "AttributeStatement", Ns);
        WriteSubject(writer, a);
        foreach (var attribute in a.Attributes)
        {
            if (attribute.Values.Count == 0)
            {
                continue;
            }

            writer.WriteStartElement(P, "Attribute", Ns);
            writer.WriteAttributeString("AttributeName", XmlValues.Checked(attribute.Name, "Attribute.Name"));
            writer.WriteAttributeString("AttributeNamespace", XmlValues.Checked(attribute.Namespace, "Attribute.Namespace"));
            foreach (var value in attribute.Values)
            {
                writer.WriteElementString(P, "AttributeValue", Ns, XmlValues.Checked(value, "Attribute.Values"));
            }

            writer.WriteEndElement();
        }

        writer.WriteEndElement();
    }

    private static void WriteSubject(XmlWriter writer, Saml11Assertion a)
    {
        writer.WriteStartElement(P, "Subject", Ns);
        writer.WriteStartElement(P, "NameIdentifier", Ns);
        writer.WriteAttributeString("Format", XmlValues.Checked(a.NameIdentifierFormat, nameof(a.NameIdentifierFormat)));
        writer.WriteString(XmlValues.Checked(a.NameIdentifier, nameof(a.NameIdentifier)));
        writer.WriteEndElement();
        writer.WriteStartElement(P, "SubjectConfirmation", Ns);
        writer.WriteElementString(P, "ConfirmationMethod", Ns, XmlValues.Checked(a.ConfirmationMethod, nameof(a.ConfirmationMethod)));
        writer.WriteEndElement();
        writer.WriteEndElement();
    }
}
