using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace IdpFederation.Tests.Provisioning.GraphServer;

/// <summary>
/// The part of OData $filter (OData v4.01 URL conventions §5.1.1) that provisioning needs: eq, ne, in, startswith,
/// and, or, parentheses, over the properties a resource allows. String comparison ignores case, as Graph's does.
/// Anything else is refused with Graph's "Unsupported Query." so that the engine cannot rely on more than Graph offers.
/// </summary>
internal sealed class ODataFilter
{
    private readonly List<string> _tokens;
    private readonly IReadOnlySet<string> _properties;
    private int _at;

    private ODataFilter(List<string> tokens, IReadOnlySet<string> properties)
    {
        _tokens = tokens;
        _properties = properties;
    }

    /// <summary>A predicate over a property getter, or Graph's error.</summary>
    public static (Func<Func<string, JsonNode?>, bool>? Predicate, GraphResult? Error) Parse(string text, IReadOnlySet<string> properties)
    {
        try
        {
            var parser = new ODataFilter(Tokenize(text), properties);
            var predicate = parser.Or();
            return parser._at == parser._tokens.Count ? (predicate, null) : (null, Unsupported());
        }
        catch (FormatException e)
        {
            return (null, GraphResult.Error(400, "BadRequest", $"Invalid filter clause: {e.Message}"));
        }
        catch (NotSupportedException)
        {
            return (null, Unsupported());
        }
    }

    /// <summary>
    /// The string values when the whole filter is "p eq 'a'", "p eq 'a' or p eq 'b'" or "p in ('a','b')" on one
    /// property: the lookups provisioning repeats thousands of times, answered from an index instead of a scan.
    /// </summary>
    public static (string Property, List<string> Values)? EqualityLookup(string text)
    {
        List<string> tokens;
        try
        {
            tokens = Tokenize(text);
        }
        catch (FormatException)
        {
            return null;
        }

        static bool IsLiteral(string t) => t.StartsWith('\'');
        if (tokens.Count >= 5 && tokens[1] == "in" && tokens[2] == "(" && tokens[^1] == ")")
        {
            var inner = tokens[3..^1];
            var literals = inner.Where((_, i) => i % 2 == 0).ToList();
            var commas = inner.Where((_, i) => i % 2 == 1);
            return literals.All(IsLiteral) && commas.All(c => c == ",") && inner.Count % 2 == 1 ? (tokens[0], literals.Select(l => l[1..]).ToList()) : null;
        }

        var values = new List<string>();
        for (var i = 0; i < tokens.Count; i += 4)
        {
            if (i + 2 >= tokens.Count || !string.Equals(tokens[i], tokens[0], StringComparison.OrdinalIgnoreCase) || tokens[i + 1] != "eq" || !IsLiteral(tokens[i + 2])
                || (i + 3 < tokens.Count && tokens[i + 3] != "or") || (i + 3 == tokens.Count - 1))
            {
                return null;
            }

            values.Add(tokens[i + 2][1..]);
        }

        return (tokens[0], values);
    }

    private static GraphResult Unsupported() => GraphResult.Error(400, "Request_UnsupportedQuery", "Unsupported Query.");

    private Func<Func<string, JsonNode?>, bool> Or()
    {
        var left = And();
        while (Accept("or"))
        {
            var l = left;
            var r = And();
            left = get => l(get) || r(get);
        }

        return left;
    }

    private Func<Func<string, JsonNode?>, bool> And()
    {
        var left = Term();
        while (Accept("and"))
        {
            var l = left;
            var r = Term();
            left = get => l(get) && r(get);
        }

        return left;
    }

    private Func<Func<string, JsonNode?>, bool> Term()
    {
        if (Accept("("))
        {
            var inner = Or();
            Expect(")");
            return inner;
        }

        if (Accept("startswith"))
        {
            Expect("(");
            var property = Property();
            Expect(",");
            var prefix = Literal() as string ?? throw new NotSupportedException();
            Expect(")");
            return get => get(property) is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>().StartsWith(prefix, StringComparison.OrdinalIgnoreCase);
        }

        var name = Property();
        if (Accept("in"))
        {
            Expect("(");
            var values = new List<object?> { Literal() };
            while (Accept(","))
            {
                values.Add(Literal());
            }

            Expect(")");
            return get => values.Any(v => Matches(get(name), v));
        }

        var negate = Accept("ne");
        if (!negate && !Accept("eq"))
        {
            throw new NotSupportedException();
        }

        var value = Literal();
        return get => Matches(get(name), value) != negate;
    }

    private static bool Matches(JsonNode? actual, object? expected) => expected switch
    {
        null => actual is null,
        bool b => actual is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False && v.GetValue<bool>() == b,
        string s => actual is JsonValue v && v.GetValueKind() == JsonValueKind.String && string.Equals(v.GetValue<string>(), s, StringComparison.OrdinalIgnoreCase),
        _ => false,
    };

    private string Property()
    {
        var token = Next();
        return _properties.FirstOrDefault(p => string.Equals(p, token, StringComparison.OrdinalIgnoreCase)) ?? throw new NotSupportedException();
    }

    private object? Literal()
    {
        var token = Next();
        return token switch
        {
            ['\'', ..] => token[1..],
            "true" => true,
            "false" => false,
            "null" => null,
            _ => throw new NotSupportedException(),
        };
    }

    private bool Accept(string token)
    {
        if (_at < _tokens.Count && _tokens[_at] == token)
        {
            _at++;
            return true;
        }

        return false;
    }

    private void Expect(string token)
    {
        if (!Accept(token))
        {
            throw new FormatException($"expected '{token}'");
        }
    }

    private string Next() => _at < _tokens.Count ? _tokens[_at++] : throw new FormatException("unexpected end");

    /// <summary>Words, punctuation, and string literals kept as a leading quote plus the unescaped text ('' is ').</summary>
    private static List<string> Tokenize(string text)
    {
        var tokens = new List<string>();
        for (var i = 0; i < text.Length;)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c is '(' or ')' or ',')
            {
                tokens.Add(c.ToString());
                i++;
            }
            else if (c == '\'')
            {
                var literal = new StringBuilder("'");
                for (i++; ; i++)
                {
                    if (i >= text.Length)
                    {
                        throw new FormatException("unterminated string literal");
                    }

                    if (text[i] == '\'')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '\'')
                        {
                            literal.Append('\'');
                            i++;
                            continue;
                        }

                        i++;
                        break;
                    }

                    literal.Append(text[i]);
                }

                tokens.Add(literal.ToString());
            }
            else
            {
                var start = i;
                while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] is not ('(' or ')' or ',' or '\''))
                {
                    i++;
                }

                tokens.Add(text[start..i]);
            }
        }

        return tokens;
    }
}
