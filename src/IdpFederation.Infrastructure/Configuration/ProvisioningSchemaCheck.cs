using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace IdpFederation.Infrastructure.Configuration;

/// <summary>
/// Checks the Idp:Provisioning section of one config file against config/provisioning.schema.json (embedded in this
/// assembly) when the file loads, so a mistake is refused with its line and column like a syntax error is, before any
/// value of the file is applied.
/// </summary>
/// <remarks>
/// Configuration keys are matched without case ("tenants" is Tenants) and enum values are bound without case
/// ("firstmatchingrole" is FirstMatchingRole), while JSON Schema compares both exactly. The check therefore evaluates a
/// copy in which a property name or enum value that matches the schema's spelling without case is given that spelling:
/// the schema refuses what the configuration would bind differently or not at all, never a mere difference of case.
/// </remarks>
public static class ProvisioningSchemaCheck
{
    public const string SchemaFileName = "provisioning.schema.json";

    /// <summary>The first few errors are enough to fix; the rest usually follow from the same mistake.</summary>
    public const int MaxReported = 5;

    private const string SectionKey = "Idp:Provisioning";
    private const string ResourceName = "IdpFederation.Infrastructure.Configuration." + SchemaFileName;
    private static readonly JsonDocumentOptions Leniency = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };
    private static readonly Lazy<(JsonSchema Schema, JsonDocument Document)> Loaded = new(Load);

    /// <summary>The schema as a document, for the normalising walk and for the error messages.</summary>
    internal static JsonElement SchemaRoot => Loaded.Value.Document.RootElement;

    /// <summary>
    /// Why the file's Idp:Provisioning does not match the schema, e.g. "line 42, column 28:
    /// Idp:Provisioning:Tenants:0:LicenseMode: value must be one of …"; empty when it matches or the file has no such section.
    /// </summary>
    public static IReadOnlyList<string> Check(ReadOnlyMemory<byte> utf8, JsonValueLocations locations)
    {
        ArgumentNullException.ThrowIfNull(locations);
        if (utf8.Span.StartsWith(Encoding.UTF8.Preamble))
        {
            utf8 = utf8[Encoding.UTF8.Preamble.Length..];
        }

        using var file = JsonDocument.Parse(utf8, Leniency);
        if (Member(file.RootElement, "Idp") is not { } idp || Member(idp, "Provisioning") is not { } provisioning)
        {
            return [];
        }

        // Null when the file repeats a key; the configuration reader refuses that with its own message.
        if (SchemaSpelling.Normalise(provisioning, SchemaRoot) is not { } normalised)
        {
            return [];
        }

        using var instance = JsonDocument.Parse(normalised.ToJsonString());
        var results = Loaded.Value.Schema.Evaluate(instance.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (results.IsValid)
        {
            return [];
        }

        var problems = SchemaErrorMessages.Leaves(results)
            .Select(e => (Key: SectionKey + e.KeySuffix, e.Message))
            .Distinct()
            .Select(e => (e.Key, e.Message, Position: locations.Find(e.Key)))
            .OrderBy(e => e.Position?.Line ?? int.MaxValue).ThenBy(e => e.Position?.Column ?? 0)
            .Select(e => $"{(e.Position is { } p ? p + ": " : "")}{e.Key}: {e.Message}")
            .ToList();
        return problems.Count <= MaxReported
            ? problems
            : [.. problems.Take(MaxReported), $"and {(problems.Count - MaxReported).ToString(CultureInfo.InvariantCulture)} more"];
    }

    /// <summary>The member named <paramref name="name"/> without case, as the configuration finds it.</summary>
    private static JsonElement? Member(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var member in element.EnumerateObject())
        {
            if (member.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return member.Value;
            }
        }

        return null;
    }

    private static (JsonSchema, JsonDocument) Load()
    {
        using var stream = typeof(ProvisioningSchemaCheck).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"{ResourceName} is not embedded in {typeof(ProvisioningSchemaCheck).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        var text = reader.ReadToEnd();
        // A registry of its own: the schema's $id must not clash with a global registration made by someone else.
        var schema = JsonSchema.FromText(text, new BuildOptions { SchemaRegistry = new SchemaRegistry() });
        return (schema, JsonDocument.Parse(text));
    }
}
