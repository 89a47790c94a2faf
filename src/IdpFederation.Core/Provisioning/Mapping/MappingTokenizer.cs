using System.Text;

namespace IdpFederation.Core.Provisioning.Mapping;

/// <summary>
/// Splits a mapping expression into tokens: double-quoted strings (with \" and \\ as the only escapes), identifiers,
/// and the punctuation . ( ) , +. Whitespace between tokens is ignored.
/// </summary>
internal static class MappingTokenizer
{
    public static List<MappingToken> Tokenize(string expression)
    {
        var tokens = new List<MappingToken>();
        var i = 0;
        while (i < expression.Length)
        {
            var c = expression[i];
            var column = i + 1;
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '"')
            {
                tokens.Add(ReadString(expression, ref i));
            }
            else if (IsIdentifierStart(c))
            {
                var start = i;
                while (i < expression.Length && IsIdentifierPart(expression[i]))
                {
                    i++;
                }

                tokens.Add(new MappingToken(MappingTokenKind.Identifier, expression[start..i], column));
            }
            else
            {
                var kind = c switch
                {
                    '.' => MappingTokenKind.Dot,
                    '(' => MappingTokenKind.OpenParenthesis,
                    ')' => MappingTokenKind.CloseParenthesis,
                    ',' => MappingTokenKind.Comma,
                    '+' => MappingTokenKind.Plus,
                    _ => throw Unexpected(c, column),
                };
                tokens.Add(new MappingToken(kind, c.ToString(), column));
                i++;
            }
        }

        tokens.Add(new MappingToken(MappingTokenKind.End, "", expression.Length + 1));
        return tokens;
    }

    private static MappingToken ReadString(string expression, ref int i)
    {
        var column = i + 1;
        var text = new StringBuilder();
        i++;
        while (i < expression.Length)
        {
            var c = expression[i];
            if (c == '"')
            {
                i++;
                return new MappingToken(MappingTokenKind.String, text.ToString(), column);
            }

            if (c == '\\')
            {
                var next = i + 1 < expression.Length ? expression[i + 1] : '\0';
                if (next is not ('"' or '\\'))
                {
                    throw next == '\0'
                        ? new MappingExpressionException("a string ends with a lone '\\'", i + 1, "write \\\\ for a backslash")
                        : new MappingExpressionException($"unknown escape '\\{next}'", i + 1, "only \\\" and \\\\ are escapes");
                }

                text.Append(next);
                i += 2;
                continue;
            }

            text.Append(c);
            i++;
        }

        throw new MappingExpressionException("unterminated string", column, "the closing '\"' is missing");
    }

    private static MappingExpressionException Unexpected(char c, int column) => c switch
    {
        '\'' => new("unexpected character '''", column, "strings use double quotes: \"AU\""),
        _ when char.IsAsciiDigit(c) => new($"unexpected character '{c}'", column, $"numbers are written as strings: \"{c}\""),
        _ when char.IsControl(c) => new($"unexpected control character U+{(int)c:X4}", column),
        _ => new($"unexpected character '{c}'", column),
    };

    private static bool IsIdentifierStart(char c) => char.IsAsciiLetter(c) || c == '_';

    private static bool IsIdentifierPart(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';
}
