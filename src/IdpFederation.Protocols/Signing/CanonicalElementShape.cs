namespace IdpFederation.Protocols.Signing;

/// <summary>
/// Cheap checks that text handed to <see cref="CanonicalXmlSigner"/> is one element carrying the
/// ID, so a caller's mistake fails at signing rather than as a token no verifier accepts. It does
/// not parse XML; canonical form is the writer's promise, proved by the differential tests.
/// </summary>
internal static class CanonicalElementShape
{
    /// <summary>Returns where the element's end tag starts: the Signature goes just before it.</summary>
    /// <exception cref="ArgumentException">The text does not have the expected shape.</exception>
    public static int Check(ReadOnlySpan<char> element, string id)
    {
        var startTagEnd = StartTagEnd(element);
        var startTag = element[..startTagEnd];
        var nameLength = startTag[1..].IndexOf(' ');
        var name = startTag.Slice(1, nameLength < 0 ? startTag.Length - 1 : nameLength);
        var endTagStart = element.LastIndexOf("</", StringComparison.Ordinal);
        var endTag = endTagStart > startTagEnd ? element[endTagStart..] : [];
        if (name.IsEmpty
            || endTag.IsEmpty
            || endTag.Length != name.Length + 3
            || !endTag.Slice(2, name.Length).SequenceEqual(name)
            || endTag[^1] != '>')
        {
            throw new ArgumentException("The text is not one canonical element: its start and end tags do not match.", nameof(element));
        }

        // The ID must be an attribute value on this element (c14n writes every value in double quotes);
        // the Reference could never be resolved otherwise. Same rule as XmlSigner.
        if (!HasAttributeValue(startTag, id))
        {
            throw new ArgumentException("The element has no attribute with this ID value.", nameof(id));
        }

        return endTagStart;
    }

    private static bool HasAttributeValue(ReadOnlySpan<char> startTag, string value)
    {
        var from = 0;
        while (true)
        {
            var at = startTag[from..].IndexOf(value, StringComparison.Ordinal);
            if (at < 0)
            {
                return false;
            }

            var start = from + at;
            var end = start + value.Length;
            if (start >= 2 && startTag[start - 2] == '=' && startTag[start - 1] == '"' && end < startTag.Length && startTag[end] == '"')
            {
                return true;
            }

            from = start + 1;
        }
    }

    // Canonical attribute values are double-quoted and escape '"' (but not '>'), so the start tag
    // ends at the first '>' outside quotes.
    private static int StartTagEnd(ReadOnlySpan<char> element)
    {
        if (element.Length < 2 || element[0] != '<')
        {
            throw new ArgumentException("The text is not one canonical element: it does not start with a tag.", nameof(element));
        }

        var quoted = false;
        for (var i = 1; i < element.Length; i++)
        {
            switch (element[i])
            {
                case '"':
                    quoted = !quoted;
                    break;
                case '>' when !quoted:
                    return i;
            }
        }

        throw new ArgumentException("The text is not one canonical element: its start tag is not closed.", nameof(element));
    }
}
