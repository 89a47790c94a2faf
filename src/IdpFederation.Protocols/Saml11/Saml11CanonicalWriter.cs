using System.Text;
using IdpFederation.Protocols.Signing;
using IdpFederation.Protocols.Xml;

namespace IdpFederation.Protocols.Saml11;

/// <summary>
/// Writes a <see cref="Saml11Assertion"/> straight into its Exclusive XML Canonicalization 1.0
/// form: the exact text a verifier digests after the enveloped-signature transform, so it can be
/// hashed and signed without building a DOM. Same elements, order and rules as
/// <see cref="Saml11AssertionSerializer"/>, which stays the reference the differential tests
/// compare against.
/// </summary>
/// <remarks>
/// Exclusive c14n 1.0 §3 and Canonical XML 1.0 §2.3 fix the details kept here: xmlns:saml only on
/// the Assertion (where the prefix is first used), attributes sorted by local name (all are
/// unqualified), explicit end tags, and no whitespace between elements.
/// </remarks>
public static class Saml11CanonicalWriter
{
    private const string Assertion = Saml11Constants.Prefix + ":Assertion";
    private const string Conditions = Saml11Constants.Prefix + ":Conditions";
    private const string AudienceRestrictionCondition = Saml11Constants.Prefix + ":AudienceRestrictionCondition";
    private const string Audience = Saml11Constants.Prefix + ":Audience";
    private const string AttributeStatement = Saml11Constants.Prefix + ":AttributeStatement";
    private const string Attribute = Saml11Constants.Prefix + ":Attribute";
    private const string AttributeValue = Saml11Constants.Prefix + ":AttributeValue";
    private const string AuthenticationStatement = Saml11Constants.Prefix + ":AuthenticationStatement";
    private const string Subject = Saml11Constants.Prefix + ":Subject";
    private const string NameIdentifier = Saml11Constants.Prefix + ":NameIdentifier";
    private const string SubjectConfirmation = Saml11Constants.Prefix + ":SubjectConfirmation";
    private const string ConfirmationMethod = Saml11Constants.Prefix + ":ConfirmationMethod";

    /// <summary>A typical Entra token is 2 to 3 thousand characters; the buffer grows if needed.</summary>
    internal const int InitialCapacity = 4096;

    /// <summary>
    /// The canonical assertion as text; its UTF-8 encoding is the canonical octet stream. The
    /// closing <c>&lt;/saml:Assertion&gt;</c> is where the enveloped Signature goes (SAML 1.1 Core 2.3.2: last).
    /// </summary>
    /// <exception cref="ArgumentException">The model breaks a rule of the SAML 1.1 schema or of spec §1.4, or a value holds a character XML does not allow.</exception>
    public static string ToCanonicalString(Saml11Assertion assertion)
    {
        var builder = new CanonicalXmlBuilder(InitialCapacity);
        try
        {
            Write(assertion, ref builder);
            return builder.ToString();
        }
        finally
        {
            builder.Dispose();
        }
    }

    /// <summary>The canonical octets (UTF-8), as a verifier computes them; for tests and diagnostics.</summary>
    public static byte[] ToCanonicalBytes(Saml11Assertion assertion) =>
        Encoding.UTF8.GetBytes(ToCanonicalString(assertion));

    internal static void Write(Saml11Assertion assertion, ref CanonicalXmlBuilder xml)
    {
        ArgumentNullException.ThrowIfNull(assertion);
        Saml11AssertionRules.Validate(assertion, nameof(assertion));
        var a = assertion;

        // Namespace declarations precede attributes; attributes sort by local name (c14n §2.2).
        xml.StartTag(Assertion);
        xml.Attribute("xmlns:" + Saml11Constants.Prefix, Saml11Constants.AssertionNamespace);
        xml.Attribute(Saml11Constants.AssertionIdAttribute, a.AssertionId);
        xml.Attribute("IssueInstant", XmlValues.FormatUtc(a.IssueInstant, nameof(a.IssueInstant)));
        xml.Attribute("Issuer", XmlValues.Checked(a.Issuer, nameof(a.Issuer)));
        xml.Attribute("MajorVersion", "1");
        xml.Attribute("MinorVersion", "1");
        xml.EndStartTag();

        xml.StartTag(Conditions);
        xml.Attribute("NotBefore", XmlValues.FormatUtc(a.NotBefore, nameof(a.NotBefore)));
        xml.Attribute("NotOnOrAfter", XmlValues.FormatUtc(a.NotOnOrAfter, nameof(a.NotOnOrAfter)));
        xml.EndStartTag();
        xml.StartTag(AudienceRestrictionCondition);
        xml.EndStartTag();
        foreach (var audience in a.Audiences)
        {
            xml.TextElement(Audience, XmlValues.Checked(audience, nameof(a.Audiences)));
        }

        xml.EndTag(AudienceRestrictionCondition);
        xml.EndTag(Conditions);

        WriteAttributeStatement(ref xml, a);

        xml.StartTag(AuthenticationStatement);
        xml.Attribute("AuthenticationInstant", XmlValues.FormatUtc(a.AuthenticationInstant, nameof(a.AuthenticationInstant)));
        xml.Attribute("AuthenticationMethod", XmlValues.Checked(a.AuthenticationMethod, nameof(a.AuthenticationMethod)));
        xml.EndStartTag();
        WriteSubject(ref xml, a);
        xml.EndTag(AuthenticationStatement);

        xml.EndTag(Assertion);
    }

    private static void WriteAttributeStatement(ref CanonicalXmlBuilder xml, Saml11Assertion a)
    {
        xml.StartTag(AttributeStatement);
        xml.EndStartTag();
        WriteSubject(ref xml, a);
        foreach (var attribute in a.Attributes)
        {
            if (attribute.Values.Count == 0)
            {
                continue;
            }

            xml.StartTag(Attribute);
            xml.Attribute("AttributeName", XmlValues.Checked(attribute.Name, "Attribute.Name"));
            xml.Attribute("AttributeNamespace", XmlValues.Checked(attribute.Namespace, "Attribute.Namespace"));
            xml.EndStartTag();
            foreach (var value in attribute.Values)
            {
                xml.TextElement(AttributeValue, XmlValues.Checked(value, "Attribute.Values"));
            }

            xml.EndTag(Attribute);
        }

        xml.EndTag(AttributeStatement);
    }

    private static void WriteSubject(ref CanonicalXmlBuilder xml, Saml11Assertion a)
    {
        xml.StartTag(Subject);
        xml.EndStartTag();
        xml.StartTag(NameIdentifier);
        xml.Attribute("Format", XmlValues.Checked(a.NameIdentifierFormat, nameof(a.NameIdentifierFormat)));
        xml.EndStartTag();
        xml.Text(XmlValues.Checked(a.NameIdentifier, nameof(a.NameIdentifier)));
        xml.EndTag(NameIdentifier);
        xml.StartTag(SubjectConfirmation);
        xml.EndStartTag();
        xml.TextElement(ConfirmationMethod, XmlValues.Checked(a.ConfirmationMethod, nameof(a.ConfirmationMethod)));
        xml.EndTag(SubjectConfirmation);
        xml.EndTag(Subject);
    }
}
