using System.Text.Json;
using System.Text.Json.Nodes;

namespace IdpFederation.Infrastructure.Configuration;

/// <summary>
/// A copy of a configuration section in the schema's spelling: property names the schema declares, and string enum
/// values, that match without case get the schema's case, as the configuration binder treats them. Everything else is
/// copied as written, so the schema still refuses unknown names and wrong values.
/// </summary>
internal static class SchemaSpelling
{
    /// <summary>The copy, or null when an object repeats a name (without case), which the configuration refuses itself.</summary>
    public static JsonNode? Normalise(JsonElement instance, JsonElement schema)
    {
        schema = Resolve(schema);
        switch (instance.ValueKind)
        {
            case JsonValueKind.Object:
                var copy = new JsonObject();
                var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                foreach (var member in instance.EnumerateObject())
                {
                    if (!seen.Add(member.Name))
                    {
                        return null;
                    }

                    var (name, memberSchema) = Declared(schema, member.Name);
                    if (memberSchema is { } known)
                    {
                        var value = Normalise(member.Value, known);
                        if (value is null && member.Value.ValueKind is not JsonValueKind.Null)
                        {
                            return null;
                        }

                        copy[name] = value;
                    }
                    else
                    {
                        copy[name] = JsonNode.Parse(member.Value.GetRawText());
                    }
                }

                return copy;
            case JsonValueKind.Array:
                JsonElement? items = schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("items", out var itemSchema) ? itemSchema : null;
                var array = new JsonArray();
                foreach (var element in instance.EnumerateArray())
                {
                    var value = items is { } known ? Normalise(element, known) : JsonNode.Parse(element.GetRawText());
                    if (value is null && element.ValueKind is not JsonValueKind.Null)
                    {
                        return null;
                    }

                    array.Add(value);
                }

                return array;
            case JsonValueKind.String when EnumSpelling(schema, instance.GetString()!) is { } spelled:
                return JsonValue.Create(spelled);
            default:
                return JsonNode.Parse(instance.GetRawText());
        }
    }

    /// <summary>The schema of a "$ref": "#/$defs/…" reference, else the schema itself.</summary>
    internal static JsonElement Resolve(JsonElement schema)
    {
        while (schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("$ref", out var reference)
            && reference.GetString() is { } target && target.StartsWith("#/", StringComparison.Ordinal))
        {
            schema = At(ProvisioningSchemaCheck.SchemaRoot, target[2..]);
        }

        return schema;
    }

    /// <summary>The element at a JSON Pointer (without its leading '#/') in the schema document.</summary>
    internal static JsonElement At(JsonElement root, string pointer)
    {
        var node = root;
        foreach (var segment in pointer.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            node = node.ValueKind == JsonValueKind.Array ? node[int.Parse(name, System.Globalization.CultureInfo.InvariantCulture)] : node.GetProperty(name);
        }

        return node;
    }

    /// <summary>The declared spelling and schema of a member, or its own name and additionalProperties' schema.</summary>
    private static (string Name, JsonElement? Schema) Declared(JsonElement schema, string name)
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            return (name, null);
        }

        if (schema.TryGetProperty("properties", out var properties))
        {
            foreach (var declared in properties.EnumerateObject())
            {
                if (declared.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
                {
                    return (declared.Name, declared.Value);
                }
            }
        }

        // Names under additionalProperties (the attribute map) are data, not settings: they keep their case.
        return schema.TryGetProperty("additionalProperties", out var others) && others.ValueKind == JsonValueKind.Object ? (name, others) : (name, null);
    }

    private static string? EnumSpelling(JsonElement schema, string value)
    {
        if (schema.ValueKind != JsonValueKind.Object || !schema.TryGetProperty("enum", out var values))
        {
            return null;
        }

        return values.EnumerateArray()
            .Where(v => v.ValueKind == JsonValueKind.String)
            .Select(v => v.GetString())
            .FirstOrDefault(v => string.Equals(v, value.Trim(), StringComparison.OrdinalIgnoreCase));
    }
}
