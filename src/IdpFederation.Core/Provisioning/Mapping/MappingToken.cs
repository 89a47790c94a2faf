namespace IdpFederation.Core.Provisioning.Mapping;

internal enum MappingTokenKind
{
    String,
    Identifier,
    Dot,
    OpenParenthesis,
    CloseParenthesis,
    Comma,
    Plus,
    End,
}

/// <param name="Column">Where the token starts, counted from 1 in characters, as an editor shows it.</param>
internal readonly record struct MappingToken(MappingTokenKind Kind, string Text, int Column)
{
    /// <summary>How an error message quotes the token.</summary>
    public string Describe() => Kind switch
    {
        MappingTokenKind.End => "the end of the expression",
        MappingTokenKind.String => $"the string \"{Text}\"",
        _ => $"'{Text}'",
    };
}

/// <summary>
/// A mistake in a mapping expression, with the column (from 1) it was found at and, when there is one, how to fix it:
/// "unknown source attribute 'source.mial' at column 8; use one of source.upn, ...".
/// </summary>
public sealed class MappingExpressionException(string reason, int column, string? hint = null)
    : Exception($"{reason} at column {column}{(hint is null ? "" : "; " + hint)}")
{
    public string Reason { get; } = reason;
    public int Column { get; } = column;
    public string? Hint { get; } = hint;
}
