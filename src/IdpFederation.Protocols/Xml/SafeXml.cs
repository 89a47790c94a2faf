using System.Globalization;
using System.Xml;

namespace IdpFederation.Protocols.Xml;

/// <summary>
/// The one entry point for inbound XML (architecture principle 4; security checklist row 5).
/// DTDs are prohibited outright, so there are no entities to expand (XXE, billion laughs),
/// nothing is ever resolved or fetched, and the size is capped before parsing starts.
/// </summary>
public static class SafeXml
{
    public static XmlReaderSettings CreateReaderSettings(int maxCharacters)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxCharacters);
        return new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = maxCharacters,
            // Belt and braces: with DTDs prohibited no entity can be declared anyway.
            MaxCharactersFromEntities = 1024,
            IgnoreWhitespace = false,
            IgnoreComments = false,
            IgnoreProcessingInstructions = false,
            CloseInput = true,
        };
    }

    /// <summary>
    /// Parses <paramref name="xml"/> into a whitespace-preserving document. Whitespace must be
    /// kept: signatures are computed over the exact text, and dropping it breaks verification.
    /// </summary>
    /// <exception cref="XmlInputException">Oversized, malformed, or has a DTD.</exception>
    public static XmlDocument LoadDocument(string xml, int maxCharacters)
    {
        ArgumentNullException.ThrowIfNull(xml);
        if (xml.Length > maxCharacters)
        {
            throw new XmlInputException(string.Create(
                CultureInfo.InvariantCulture,
                $"XML input is {xml.Length} characters; the limit is {maxCharacters}."));
        }

        var document = new XmlDocument { PreserveWhitespace = true, XmlResolver = null };
        try
        {
            using var reader = XmlReader.Create(new StringReader(xml), CreateReaderSettings(maxCharacters));
            document.Load(reader);
        }
        catch (XmlException ex) when (IsDtdError(ex))
        {
            throw new XmlInputException("DTDs are not allowed.", ex);
        }
        catch (XmlException ex)
        {
            throw new XmlInputException(string.Create(
                CultureInfo.InvariantCulture,
                $"Malformed XML: {Reason(ex)} at line {ex.LineNumber}, position {ex.LinePosition}."), ex);
        }

        return document;
    }

    // XmlException.Message ends with " Line n, position m."; we state the position ourselves.
    private static string Reason(XmlException ex)
    {
        var message = ex.Message;
        var at = ex.LineNumber > 0 ? message.LastIndexOf(" Line ", StringComparison.Ordinal) : -1;
        return (at > 0 ? message[..at] : message).TrimEnd('.', ' ');
    }

    // XmlReader reports a prohibited DTD as an XmlException whose message names the DTD;
    // its text is the only signal it gives, and the runtime's wording is in English
    // because the project runs with invariant globalization.
    private static bool IsDtdError(XmlException ex) =>
        ex.Message.Contains("DTD", StringComparison.Ordinal);
}
