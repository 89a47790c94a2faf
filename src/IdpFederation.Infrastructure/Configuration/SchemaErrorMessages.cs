using System.Text.Json;
using Json.Schema;

namespace IdpFederation.Infrastructure.Configuration;

/// <summary>
/// The most specific schema errors (the keyword that failed at a value, not the "properties" or "$ref" wrappers around
/// it), each with the configuration key of the value and a message written from the schema alone: the evaluator's own
/// messages can quote the value, and a secret pasted into the wrong setting must not reach a log.
/// </summary>
internal static class SchemaErrorMessages
{
    /// <summary>Keywords that only pass on the failure of a subschema, which is reported where it happened.</summary>
    private static readonly HashSet<string> Wrappers = new(StringComparer.Ordinal)
    {
        "properties", "patternProperties", "items", "prefixItems", "contains", "$ref", "$dynamicRef", "allOf", "anyOf",
        "oneOf", "if", "then", "else", "dependentSchemas", "unevaluatedProperties", "unevaluatedItems",
    };

    public static IEnumerable<(string KeySuffix, string Message)> Leaves(EvaluationResults results)
    {
        foreach (var node in Flatten(results))
        {
            if (node.Errors is not { Count: > 0 } errors)
            {
                continue;
            }

            var schema = SchemaAt(node.SchemaLocation);
            var evaluationPath = node.EvaluationPath.ToString();
            foreach (var keyword in errors.Keys)
            {
                if (Wrappers.Contains(keyword))
                {
                    continue;
                }

                yield return (KeySuffix(node.InstanceLocation.ToString()), Describe(keyword, schema, evaluationPath));
            }
        }
    }

    private static IEnumerable<EvaluationResults> Flatten(EvaluationResults results)
    {
        yield return results;
        foreach (var detail in results.Details ?? [])
        {
            foreach (var nested in Flatten(detail))
            {
                yield return nested;
            }
        }
    }

    /// <summary>":Tenants:0:LicenseMode" for the JSON Pointer "/Tenants/0/LicenseMode".</summary>
    private static string KeySuffix(string pointer) => string.Concat(pointer.Split('/', StringSplitOptions.RemoveEmptyEntries)
        .Select(s => ":" + s.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)));

    private static JsonElement? SchemaAt(Uri location)
    {
        var fragment = location.IsAbsoluteUri ? location.Fragment : location.OriginalString[location.OriginalString.IndexOf('#', StringComparison.Ordinal)..];
        var pointer = Uri.UnescapeDataString(fragment.TrimStart('#'));
        // JsonSchema.Net 8 reports a keyword that applies to one member (additionalProperties, propertyNames) with the
        // member's parent name appended ("…/propertyNames/Attributes"); the schema is one level up.
        return TryAt(pointer) ?? (pointer.LastIndexOf('/') is > 0 and var last ? TryAt(pointer[..last]) : null);
    }

    private static JsonElement? TryAt(string pointer)
    {
        try
        {
            return SchemaSpelling.At(ProvisioningSchemaCheck.SchemaRoot, pointer);
        }
        catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException or IndexOutOfRangeException or FormatException)
        {
            return null;
        }
    }

    private static string Describe(string keyword, JsonElement? schema, string evaluationPath)
    {
        string? Value(string name) => schema is { ValueKind: JsonValueKind.Object } s && s.TryGetProperty(name, out var v) ? v.ToString() : null;
        if (evaluationPath.Contains("/propertyNames", StringComparison.Ordinal) && schema?.TryGetProperty("enum", out var names) == true)
        {
            return $"is not a name allowed here (names are case-sensitive); use one of {Quoted(names)}";
        }

        return keyword switch
        {
            "enum" when schema?.TryGetProperty("enum", out var values) == true => $"value must be one of {Quoted(values)}",
            "type" => $"value must be {Types(schema)}",
            "pattern" => $"value must match the pattern {Value("pattern")}",
            "minimum" => $"value must be at least {Value("minimum")}",
            "maximum" => $"value must be at most {Value("maximum")}",
            "minLength" => Value("minLength") == "1" ? "value must not be empty" : $"value must be at least {Value("minLength")} characters",
            "minItems" => $"must list at least {Value("minItems")}",
            "required" => $"must set {Value("required")}",
            // A name the schema does not declare, evaluated against "additionalProperties": false.
            _ when evaluationPath.EndsWith("/additionalProperties", StringComparison.Ordinal) => "is not a setting here (check its spelling)",
            "" or "false" => "is not allowed here",
            _ => $"does not match the schema ({keyword})",
        };
    }

    private static string Quoted(JsonElement values) => string.Join(", ", values.EnumerateArray().Select(v => v.GetRawText()));

    /// <summary>
    /// What the value must be. A scalar that may also be written as a string ("3000", "true": the configuration reads
    /// every value as text) is named by its scalar type alone.
    /// </summary>
    private static string Types(JsonElement? schema)
    {
        if (schema is not { ValueKind: JsonValueKind.Object } s || !s.TryGetProperty("type", out var type))
        {
            return "of another type";
        }

        var types = type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()!).ToList() : [type.GetString()!];
        if (types.Count > 1)
        {
            types.Remove("string");
        }

        return string.Join(" or ", types.Select(t => t switch
        {
            "string" => "text (a JSON string)",
            "integer" => "a whole number",
            "number" => "a number",
            "boolean" => "true or false",
            "object" => "an object { … }",
            "array" => "an array [ … ]",
            _ => t,
        }).Distinct());
    }
}
