namespace IdpFederation.Core.Provisioning.Mapping;

/// <summary>
/// Recursive descent over the grammar
/// <code>
/// expression := term ('+' term)*
/// term       := STRING | 'true' | 'false' | 'source' '.' NAME | NAME '(' [expression (',' expression)*] ')' | '(' expression ')'
/// </code>
/// and a type check: functions and '+' take text, so source.enabled and true/false fit only where a boolean is wanted.
/// </summary>
internal sealed class MappingParser
{
    private readonly List<MappingToken> _tokens;
    private int _position;

    private MappingParser(List<MappingToken> tokens) => _tokens = tokens;

    private MappingToken Current => _tokens[_position];

    /// <exception cref="MappingExpressionException">The expression does not parse or does not type-check.</exception>
    public static MappingNode Parse(string expression)
    {
        if (string.IsNullOrWhiteSpace(expression))
        {
            throw new MappingExpressionException("the expression is empty", 1, "write source.upn, \"AU\" or a function");
        }

        var parser = new MappingParser(MappingTokenizer.Tokenize(expression));
        var node = parser.ParseExpression();
        if (parser.Current.Kind != MappingTokenKind.End)
        {
            throw new MappingExpressionException($"{parser.Current.Describe()} cannot follow a complete value", parser.Current.Column, "join values with + or Concat");
        }

        return node;
    }

    private MappingNode ParseExpression()
    {
        var first = ParseTerm();
        if (Current.Kind != MappingTokenKind.Plus)
        {
            return first;
        }

        var parts = new List<MappingNode> { RequireText(first, "'+'") };
        while (Current.Kind == MappingTokenKind.Plus)
        {
            _position++;
            parts.Add(RequireText(ParseTerm(), "'+'"));
        }

        return new Concatenation(parts, first.Column);
    }

    private MappingNode ParseTerm()
    {
        var token = Current;
        switch (token.Kind)
        {
            case MappingTokenKind.String:
                _position++;
                return new TextLiteral(token.Text, token.Column);
            case MappingTokenKind.OpenParenthesis:
                _position++;
                var inner = ParseExpression();
                Expect(MappingTokenKind.CloseParenthesis, "')'");
                return inner;
            case MappingTokenKind.Identifier:
                _position++;
                return token.Text switch
                {
                    "true" => new BooleanLiteral(true, token.Column),
                    "false" => new BooleanLiteral(false, token.Column),
                    "source" => ParseSourceAttribute(),
                    _ => ParseCall(token),
                };
            default:
                throw new MappingExpressionException($"expected a value but found {token.Describe()}", token.Column);
        }
    }

    private SourceAttribute ParseSourceAttribute()
    {
        if (Current.Kind != MappingTokenKind.Dot)
        {
            throw new MappingExpressionException("expected '.' and an attribute after 'source'", Current.Column, AttributeList());
        }

        _position++;
        var name = Current;
        if (name.Kind != MappingTokenKind.Identifier)
        {
            throw new MappingExpressionException("expected an attribute after 'source.'", name.Column, AttributeList());
        }

        _position++;
        if (!SourceAttribute.Names.Contains(name.Text))
        {
            var hint = SourceAttribute.Names.FirstOrDefault(n => n.Equals(name.Text, StringComparison.OrdinalIgnoreCase)) is { } near
                ? $"names are case-sensitive: source.{near}" : AttributeList();
            throw new MappingExpressionException($"unknown source attribute 'source.{name.Text}'", name.Column, hint);
        }

        return new SourceAttribute(name.Text, name.Column);
    }

    private FunctionCall ParseCall(MappingToken name)
    {
        if (MappingFunction.Find(name.Text) is not { } function)
        {
            var near = MappingFunction.All.FirstOrDefault(f => f.Name.Equals(name.Text, StringComparison.OrdinalIgnoreCase));
            throw near is not null
                ? new MappingExpressionException($"unknown function '{name.Text}'", name.Column, $"names are case-sensitive: {near.Name}")
                : new MappingExpressionException($"unknown name '{name.Text}'", name.Column,
                    $"use source.<attribute>, a \"string\", true, false, or one of {string.Join(", ", MappingFunction.All.Select(f => f.Name))}");
        }

        if (Current.Kind != MappingTokenKind.OpenParenthesis)
        {
            throw new MappingExpressionException($"expected '(' after {function.Name}", Current.Column, "write " + function.Signature);
        }

        _position++;
        var arguments = new List<MappingNode>();
        if (Current.Kind != MappingTokenKind.CloseParenthesis)
        {
            arguments.Add(RequireText(ParseExpression(), function.Name));
            while (Current.Kind == MappingTokenKind.Comma)
            {
                _position++;
                arguments.Add(RequireText(ParseExpression(), function.Name));
            }
        }

        Expect(MappingTokenKind.CloseParenthesis, "',' or ')'");
        if (arguments.Count < function.MinArguments || arguments.Count > function.MaxArguments)
        {
            throw new MappingExpressionException($"{function.Name} takes {function.ArityText} but was given {arguments.Count}", name.Column, "write " + function.Signature);
        }

        if (function.Name == "Replace" && arguments[1] is TextLiteral { Value.Length: 0 } empty)
        {
            throw new MappingExpressionException("Replace needs a non-empty text to replace", empty.Column);
        }

        return new FunctionCall(function, arguments, name.Column);
    }

    private void Expect(MappingTokenKind kind, string what)
    {
        if (Current.Kind != kind)
        {
            throw new MappingExpressionException($"expected {what} but found {Current.Describe()}", Current.Column);
        }

        _position++;
    }

    private static MappingNode RequireText(MappingNode node, string user) => node.Kind == MappingValueKind.Text
        ? node
        : throw new MappingExpressionException($"{user} takes text but {node.Describe()} is a boolean", node.Column);

    private static string AttributeList() => "use one of " + string.Join(", ", SourceAttribute.Names.Select(n => "source." + n));
}
