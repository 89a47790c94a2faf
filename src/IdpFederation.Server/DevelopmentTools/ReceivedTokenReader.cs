using System.Globalization;
using System.Xml;
using IdpFederation.Protocols.Saml11;
using IdpFederation.Protocols.WsTrust;
using IdpFederation.Protocols.Xml;

namespace IdpFederation.Server.DevelopmentTools;

/// <summary>The assertion a wresult carries, ready for the signature check, and what it says; or why there is none.</summary>
public sealed record ReceivedTokenRead(ReceivedToken? Token, XmlElement? Assertion, string? Error);

/// <summary>
/// Reads a wresult as a relying party would: through <see cref="SafeXml"/> (no DTD, size capped), expecting the shape of
/// spec §1.3, a WS-Trust 2005 RSTR with exactly one saml:Assertion in its RequestedSecurityToken. Values come only from
/// that element, the one whose signature is then checked, so nothing outside the signature can be shown as the token.
/// </summary>
public static class ReceivedTokenReader
{
    /// <summary>Our tokens are 3 to 5 thousand characters; a generous cap still bounds the parse.</summary>
    public const int MaxCharacters = 64 * 1024;

    private const string Saml = Saml11Constants.AssertionNamespace;
    private const string Trust = WsTrustConstants.Trust2005Namespace;

    public static ReceivedTokenRead Read(string wresult)
    {
        ArgumentNullException.ThrowIfNull(wresult);
        XmlDocument document;
        try
        {
            document = SafeXml.LoadDocument(wresult, MaxCharacters);
        }
        catch (XmlInputException ex)
        {
            return Failure("wresult was refused as XML: " + ex.Message);
        }

        var root = document.DocumentElement!;
        if (root.LocalName != "RequestSecurityTokenResponse" || root.NamespaceURI != Trust)
        {
            return Failure("wresult is not a WS-Trust 2005 RequestSecurityTokenResponse.");
        }

        // Counting every assertion in the document, not just the expected place, refuses wrapped or smuggled copies.
        var assertions = document.GetElementsByTagName("Assertion", Saml);
        if (assertions.Count != 1)
        {
            return Failure(string.Create(CultureInfo.InvariantCulture, $"wresult carries {assertions.Count} SAML 1.1 assertions; exactly one is expected."));
        }

        var assertion = (XmlElement)assertions[0]!;
        if (assertion.ParentNode is not XmlElement { LocalName: "RequestedSecurityToken", NamespaceURI: Trust } holder || holder.ParentNode != root)
        {
            return Failure("The assertion is not where WS-Trust puts it (t:RequestedSecurityToken directly in the RSTR).");
        }

        return new ReceivedTokenRead(ReadToken(root, assertion), assertion, null);
    }

    private static ReceivedToken ReadToken(XmlElement rstr, XmlElement assertion)
    {
        var lifetime = Child(rstr, "Lifetime", Trust);
        var conditions = Child(assertion, "Conditions");
        var attributes = Child(assertion, "AttributeStatement");
        var authentication = Child(assertion, "AuthenticationStatement");
        var subjects = new[] { attributes, authentication }.Where(s => s is not null).Select(s => Child(s!, "Subject")).Where(s => s is not null).ToArray();
        var nameIdentifiers = subjects.Select(s => Child(s!, "NameIdentifier")).Where(n => n is not null).ToArray();
        var appliesTo = Child(rstr, "AppliesTo", WsTrustConstants.PolicyNamespace);
        var endpoint = appliesTo is null ? null : Child(appliesTo, "EndpointReference", WsTrustConstants.AddressingNamespace);

        return new ReceivedToken
        {
            AppliesTo = endpoint is null ? null : Child(endpoint, "Address", WsTrustConstants.AddressingNamespace)?.InnerText,
            Created = Instant(lifetime is null ? null : Child(lifetime, "Created", WsTrustConstants.UtilityNamespace)?.InnerText),
            Expires = Instant(lifetime is null ? null : Child(lifetime, "Expires", WsTrustConstants.UtilityNamespace)?.InnerText),
            AssertionId = Attribute(assertion, Saml11Constants.AssertionIdAttribute),
            Issuer = Attribute(assertion, "Issuer"),
            IssueInstant = Instant(Attribute(assertion, "IssueInstant")),
            NotBefore = Instant(conditions is null ? null : Attribute(conditions, "NotBefore")),
            NotOnOrAfter = Instant(conditions is null ? null : Attribute(conditions, "NotOnOrAfter")),
            Audiences = conditions is null ? [] : Children(conditions, "AudienceRestrictionCondition")
                .SelectMany(r => Children(r, "Audience")).Select(a => a.InnerText).ToArray(),
            NameIdentifiers = nameIdentifiers.Select(n => n!.InnerText).ToArray(),
            NameIdentifierFormat = nameIdentifiers.Length > 0 ? Attribute(nameIdentifiers[0]!, "Format") : null,
            Claims = attributes is null ? [] : Children(attributes, "Attribute")
                .Select(a => new ReceivedClaim(a.GetAttribute("AttributeNamespace"), a.GetAttribute("AttributeName"),
                    Children(a, "AttributeValue").Select(v => v.InnerText).ToArray()))
                .ToArray(),
            AuthenticationMethod = authentication is null ? null : Attribute(authentication, "AuthenticationMethod"),
            AuthenticationInstant = Instant(authentication is null ? null : Attribute(authentication, "AuthenticationInstant")),
        };
    }

    private static ReceivedTokenRead Failure(string error) => new(null, null, error);

    private static IEnumerable<XmlElement> Children(XmlElement parent, string localName, string ns = Saml) =>
        parent.ChildNodes.OfType<XmlElement>().Where(e => e.LocalName == localName && e.NamespaceURI == ns);

    private static XmlElement? Child(XmlElement parent, string localName, string ns = Saml) => Children(parent, localName, ns).FirstOrDefault();

    private static string? Attribute(XmlElement element, string name) => element.HasAttribute(name) ? element.GetAttribute(name) : null;

    /// <summary>xs:dateTime as SAML and WS-Trust write it (UTC, 'Z'); anything else reads as missing.</summary>
    private static DateTimeOffset? Instant(string? value) =>
        DateTimeOffset.TryParseExact(value, ["yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'"], CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant) ? instant : null;
}
