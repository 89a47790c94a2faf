using System.Xml;

namespace IdpFederation.Protocols.Saml11;

/// <summary>
/// The model-level rules every SAML 1.1 assertion writer enforces before writing, so the DOM
/// serializer and the canonical writer refuse exactly the same models. Field values are checked
/// as they are written (<c>XmlValues.Checked</c>, <c>XmlValues.FormatUtc</c>).
/// </summary>
internal static class Saml11AssertionRules
{
    /// <exception cref="ArgumentException">The model breaks a rule of the SAML 1.1 schema or of spec §1.4.</exception>
    public static void Validate(Saml11Assertion a, string paramName)
    {
        try
        {
            XmlConvert.VerifyNCName(a.AssertionId);
        }
        catch (XmlException ex)
        {
            throw new ArgumentException("AssertionId must be a valid xs:ID (NCName).", paramName, ex);
        }

        if (a.NotOnOrAfter <= a.NotBefore)
        {
            throw new ArgumentException("NotOnOrAfter must be later than NotBefore.", paramName);
        }

        if (a.Audiences is not { Count: > 0 })
        {
            throw new ArgumentException("At least one Audience is required.", paramName);
        }

        // SAML 1.1 schema: an AttributeStatement holds one or more Attribute elements.
        if (a.Attributes is null || !a.Attributes.Any(x => x.Values.Count > 0))
        {
            throw new ArgumentException("At least one attribute with a value is required.", paramName);
        }
    }
}
