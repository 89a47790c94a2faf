namespace IdpFederation.Core.Provisioning.Mapping;

public enum MappingValueKind
{
    Text,
    Boolean,
}

/// <summary>
/// A parsed mapping expression. Text values are never null: a missing source attribute reads as "", and the mapping
/// turns a final "" into "not set". Booleans evaluate to "true" or "false", the form plan operations carry.
/// </summary>
internal abstract record MappingNode(int Column)
{
    public abstract MappingValueKind Kind { get; }

    public abstract string Evaluate(SourceUser user);

    /// <summary>How a type error names this value.</summary>
    public abstract string Describe();
}

internal sealed record TextLiteral(string Value, int Column) : MappingNode(Column)
{
    public override MappingValueKind Kind => MappingValueKind.Text;

    public override string Evaluate(SourceUser user) => Value;

    public override string Describe() => $"\"{Value}\"";
}

internal sealed record BooleanLiteral(bool Value, int Column) : MappingNode(Column)
{
    public override MappingValueKind Kind => MappingValueKind.Boolean;

    public override string Evaluate(SourceUser user) => Value ? "true" : "false";

    public override string Describe() => Value ? "true" : "false";
}

/// <summary>source.&lt;attribute&gt;: one attribute of our directory's user.</summary>
internal sealed record SourceAttribute(string Name, int Column) : MappingNode(Column)
{
    /// <summary>The attributes a mapping may read, in the order error messages list them.</summary>
    public static readonly IReadOnlyList<string> Names = ["upn", "displayName", "immutableId", "usageLocation", "enabled"];

    public override MappingValueKind Kind => Name == "enabled" ? MappingValueKind.Boolean : MappingValueKind.Text;

    public override string Evaluate(SourceUser user) => Name switch
    {
        "upn" => user.UserPrincipalName,
        "displayName" => user.DisplayName ?? "",
        "immutableId" => user.ImmutableId,
        "usageLocation" => user.UsageLocation ?? "",
        "enabled" => user.Enabled ? "true" : "false",
        _ => throw new InvalidOperationException($"source.{Name} is not a source attribute."),
    };

    public override string Describe() => "source." + Name;
}

/// <summary>a + b + ...: the texts one after the other.</summary>
internal sealed record Concatenation(IReadOnlyList<MappingNode> Parts, int Column) : MappingNode(Column)
{
    public override MappingValueKind Kind => MappingValueKind.Text;

    public override string Evaluate(SourceUser user) => string.Concat(Parts.Select(p => p.Evaluate(user)));

    public override string Describe() => "a concatenation";
}

internal sealed record FunctionCall(MappingFunction Function, IReadOnlyList<MappingNode> Arguments, int Column) : MappingNode(Column)
{
    public override MappingValueKind Kind => MappingValueKind.Text;

    public override string Evaluate(SourceUser user) => Function.Apply([.. Arguments.Select(a => a.Evaluate(user))]);

    public override string Describe() => Function.Name + "(...)";
}
