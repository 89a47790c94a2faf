using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace IdpFederation.Cli;

/// <summary>
/// The policy's view of a sign-in as stored in an audit record's details (JSON from SignInAuditor), shown by
/// "audit list": parsed for --json, and as a short "key=value" line for the table.
/// </summary>
internal static class PolicyAuditDetails
{
    /// <summary>A table cell stays readable; the full record is one --json away.</summary>
    public const int MaxShortLength = 100;

    /// <summary>The parsed object, or the raw text when it is not JSON (a clipped or foreign record).</summary>
    public static JsonNode? Parse(string? details)
    {
        if (string.IsNullOrEmpty(details))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(details);
        }
        catch (JsonException)
        {
            return JsonValue.Create(details);
        }
    }

    /// <summary>e.g. "decision=Deny country=AU rules=block-legacy reportOnly=geo-trial:deny"; nulls and empty lists left out.</summary>
    public static string? Short(string? details)
    {
        if (Parse(details) is not JsonObject fields)
        {
            return Clip(details);
        }

        var text = new StringBuilder();
        foreach (var (name, value) in fields)
        {
            var shown = value switch
            {
                null => null,
                JsonArray list => list.Count == 0 ? null : string.Join(',', list.Select(item => item?.ToString())),
                _ => value.ToString(),
            };
            if (!string.IsNullOrEmpty(shown))
            {
                text.Append(text.Length == 0 ? "" : " ").Append(name).Append('=').Append(shown);
            }
        }

        return Clip(text.ToString());
    }

    private static string? Clip(string? text) =>
        text is { Length: > MaxShortLength } ? string.Concat(text.AsSpan(0, MaxShortLength - 3), "...") : text;
}
