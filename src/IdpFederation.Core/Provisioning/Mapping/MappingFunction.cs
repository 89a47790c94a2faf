namespace IdpFederation.Core.Provisioning.Mapping;

/// <summary>
/// The functions of the mapping language. Every argument and result is text; a missing value is "". Names are
/// case-sensitive, like the Graph property names they sit beside.
/// </summary>
internal sealed record MappingFunction(string Name, int MinArguments, int MaxArguments, string Signature, Func<string[], string> Apply)
{
    public static readonly IReadOnlyList<MappingFunction> All =
    [
        new("Concat", 1, int.MaxValue, "Concat(a, b, ...)", a => string.Concat(a)),

        // The fallback applies to "" as well as to a missing value: both mean "not set" here.
        new("Default", 2, 2, "Default(value, fallback)", a => a[0].Length > 0 ? a[0] : a[1]),
        new("Lower", 1, 1, "Lower(value)", a => a[0].ToLowerInvariant()),
        new("Upper", 1, 1, "Upper(value)", a => a[0].ToUpperInvariant()),
        new("Replace", 3, 3, "Replace(value, \"old\", \"new\")", a => a[1].Length == 0 ? a[0] : a[0].Replace(a[1], a[2], StringComparison.Ordinal)),

        // Empty values are skipped, so Join(" ", given, family) never leaves a doubled or trailing separator.
        new("Join", 2, int.MaxValue, "Join(separator, a, b, ...)", a => string.Join(a[0], a.Skip(1).Where(v => v.Length > 0))),

        // A UPN has exactly one '@' (RFC 822 addr-spec form); without one, everything is "before" it.
        new("BeforeAt", 1, 1, "BeforeAt(value)", a => a[0].IndexOf('@', StringComparison.Ordinal) is var at and >= 0 ? a[0][..at] : a[0]),
        new("AfterAt", 1, 1, "AfterAt(value)", a => a[0].IndexOf('@', StringComparison.Ordinal) is var at and >= 0 ? a[0][(at + 1)..] : ""),
    ];

    public static MappingFunction? Find(string name) => All.FirstOrDefault(f => f.Name == name);

    public string ArityText => MinArguments == MaxArguments
        ? $"{MinArguments} argument{(MinArguments == 1 ? "" : "s")}"
        : $"at least {MinArguments} argument{(MinArguments == 1 ? "" : "s")}";
}
