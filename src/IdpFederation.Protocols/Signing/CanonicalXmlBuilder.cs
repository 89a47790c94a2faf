using System.Buffers;

namespace IdpFederation.Protocols.Signing;

/// <summary>
/// Appends XML text that is already in canonical form (Canonical XML 1.0 §2.3, which Exclusive
/// c14n 1.0 inherits): explicit end tags, c14n escaping, nothing between elements. It knows no
/// document structure; the caller writes namespace declarations first and then attributes in
/// c14n order, and the differential tests hold each caller to that.
/// </summary>
/// <remarks>
/// A ref struct over a pooled buffer, so building a token allocates only the final string.
/// Call <see cref="Dispose"/> to return the buffer; the struct must not be copied.
/// </remarks>
internal ref struct CanonicalXmlBuilder
{
    // Canonical XML 1.0 §2.3: text escapes & < > and CR; attribute values escape & < " TAB LF CR
    // (not >). Surrogates and U+FFFE/U+FFFF are searched for too, to be checked.
    private static readonly SearchValues<char> TextSpecials = Specials("&<>\r");
    private static readonly SearchValues<char> AttributeSpecials = Specials("&<\"\t\n\r");

    private char[]? _rented;
    private Span<char> _chars;
    private int _length;

    public CanonicalXmlBuilder(int initialCapacity)
    {
        _rented = ArrayPool<char>.Shared.Rent(initialCapacity);
        _chars = _rented;
        _length = 0;
    }

    public CanonicalXmlBuilder(Span<char> initialBuffer)
    {
        _rented = null;
        _chars = initialBuffer;
        _length = 0;
    }

    public readonly ReadOnlySpan<char> Written => _chars[.._length];

    /// <summary>Appends markup as is: the caller vouches that it is canonical.</summary>
    public void Raw(scoped ReadOnlySpan<char> markup)
    {
        if (markup.Length > _chars.Length - _length)
        {
            Grow(markup.Length);
        }

        markup.CopyTo(_chars[_length..]);
        _length += markup.Length;
    }

    /// <summary>Writes <c>&lt;name</c>; close it with <see cref="EndStartTag"/>.</summary>
    public void StartTag(string qualifiedName)
    {
        Raw("<");
        Raw(qualifiedName);
    }

    /// <summary>Writes <c> name="value"</c> with the value escaped for an attribute.</summary>
    public void Attribute(string name, string value)
    {
        Raw(" ");
        Raw(name);
        Raw("=\"");
        Escaped(value, AttributeSpecials);
        Raw("\"");
    }

    public void EndStartTag() => Raw(">");

    public void EndTag(string qualifiedName)
    {
        Raw("</");
        Raw(qualifiedName);
        Raw(">");
    }

    public void Text(string value) => Escaped(value, TextSpecials);

    /// <summary><c>&lt;name&gt;text&lt;/name&gt;</c>: an element with no attributes and only text.</summary>
    public void TextElement(string qualifiedName, string text)
    {
        StartTag(qualifiedName);
        EndStartTag();
        Text(text);
        EndTag(qualifiedName);
    }

    public override readonly string ToString() => new(Written);

    public void Dispose()
    {
        if (_rented is not null)
        {
            ArrayPool<char>.Shared.Return(_rented);
            _rented = null;
        }

        _chars = default;
        _length = 0;
    }

    private void Escaped(ReadOnlySpan<char> value, SearchValues<char> specials)
    {
        while (true)
        {
            var next = value.IndexOfAny(specials);
            if (next < 0)
            {
                Raw(value);
                return;
            }

            Raw(value[..next]);
            var c = value[next];
            if (char.IsHighSurrogate(c) && next + 1 < value.Length && char.IsLowSurrogate(value[next + 1]))
            {
                // A well-formed pair is one astral character, which c14n writes as UTF-8 like any other.
                Raw(value.Slice(next, 2));
                value = value[(next + 2)..];
                continue;
            }

            Raw(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\t' => "&#x9;",
                '\n' => "&#xA;",
                '\r' => "&#xD;",
                // XML 1.0 §2.2 Char: a lone surrogate, U+FFFE or U+FFFF cannot appear in a document,
                // and UTF-8 cannot encode a lone surrogate, so the digest would cover other text.
                _ => throw new ArgumentException(
                    "A value contains an unpaired surrogate or a noncharacter (U+FFFE, U+FFFF) that XML does not allow."),
            });
            value = value[(next + 1)..];
        }
    }

    private void Grow(int additional)
    {
        var needed = _length + additional;
        var larger = ArrayPool<char>.Shared.Rent(Math.Max(needed, _chars.Length * 2));
        _chars[.._length].CopyTo(larger);
        if (_rented is not null)
        {
            ArrayPool<char>.Shared.Return(_rented);
        }

        _rented = larger;
        _chars = larger;
    }

    private static SearchValues<char> Specials(string escaped)
    {
        var chars = new List<char>(escaped);
        for (var c = '\uD800'; c <= '\uDFFF'; c++)
        {
            chars.Add(c);
        }

        chars.Add('\uFFFE');
        chars.Add('\uFFFF');
        return SearchValues.Create(chars.ToArray());
    }
}
