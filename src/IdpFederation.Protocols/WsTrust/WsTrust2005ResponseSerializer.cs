using System.Text;
using System.Xml;
using IdpFederation.Protocols.Xml;

namespace IdpFederation.Protocols.WsTrust;

/// <summary>
/// Writes the full RSTR form of spec §1.3 around an already signed token. There is no RSTR-level
/// signature (spec §1.3); the embedded token keeps its own.
/// </summary>
public static class WsTrust2005ResponseSerializer
{
    private const string T = WsTrustConstants.Trust2005Namespace;

    /// <summary>
    /// Returns the RSTR as a string without an XML declaration, ready to be HTML-attribute-encoded
    /// into the <c>wresult</c> form field. <paramref name="signedToken"/> is copied node by node,
    /// so its signature still verifies when the string is parsed again (exclusive c14n makes the
    /// token independent of the t:, wsp: and wsa: declarations around it).
    /// </summary>
    public static string Serialize(RequestSecurityTokenResponse response, XmlElement signedToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(signedToken);
        return Serialize(response, signedToken, static (writer, token) => token.WriteTo(writer));
    }

    /// <summary>
    /// As above, for a token that is already signed XML text (<c>SignedSaml11Assertion.Create</c>):
    /// it is embedded verbatim, so the signed characters reach the verifier unchanged. The text must
    /// be one well-formed element with no XML declaration; it is not parsed again here.
    /// </summary>
    public static string Serialize(RequestSecurityTokenResponse response, string signedTokenXml)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentException.ThrowIfNullOrEmpty(signedTokenXml);
        return Serialize(response, signedTokenXml, static (writer, token) => writer.WriteRaw(token));
    }

    private static string Serialize<TToken>(RequestSecurityTokenResponse response, TToken token, Action<XmlWriter, TToken> writeToken)
    {
        if (response.Expires <= response.Created)
        {
            throw new ArgumentException("Expires must be later than Created.", nameof(response));
        }

        var settings = new XmlWriterSettings
        {
            OmitXmlDeclaration = true,
            Indent = false,
            // Any line break is written as a character reference, so re-parsing cannot normalise it
            // and change the signed text.
            NewLineHandling = NewLineHandling.Entitize,
            CheckCharacters = true,
        };
        var builder = new StringBuilder(4096);
        using (var writer = XmlWriter.Create(builder, settings))
        {
            writer.WriteStartElement("t", "RequestSecurityTokenResponse", T);

            writer.WriteStartElement("t", "Lifetime", T);
            writer.WriteElementString("wsu", "Created", WsTrustConstants.UtilityNamespace,
                XmlValues.FormatUtc(response.Created, nameof(response.Created)));
            writer.WriteElementString("wsu", "Expires", WsTrustConstants.UtilityNamespace,
                XmlValues.FormatUtc(response.Expires, nameof(response.Expires)));
            writer.WriteEndElement();

            writer.WriteStartElement("wsp", "AppliesTo", WsTrustConstants.PolicyNamespace);
            writer.WriteStartElement("wsa", "EndpointReference", WsTrustConstants.AddressingNamespace);
            writer.WriteElementString("wsa", "Address", WsTrustConstants.AddressingNamespace,
                XmlValues.Checked(response.AppliesTo, nameof(response.AppliesTo)));
            writer.WriteEndElement();
            writer.WriteEndElement();

            writer.WriteStartElement("t", "RequestedSecurityToken", T);
            writeToken(writer, token);
            writer.WriteEndElement();

            writer.WriteElementString("t", "TokenType", T, XmlValues.Checked(response.TokenType, nameof(response.TokenType)));
            writer.WriteElementString("t", "RequestType", T, WsTrustConstants.RequestTypeIssue);
            writer.WriteElementString("t", "KeyType", T, WsTrustConstants.KeyTypeNoProofKey);

            writer.WriteEndElement();
        }

        return builder.ToString();
    }
}
