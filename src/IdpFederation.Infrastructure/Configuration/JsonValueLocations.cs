using System.Globalization;
using System.Text;
using System.Text.Json;

namespace IdpFederation.Infrastructure.Configuration;

/// <summary>Where a value starts in a config file, as an editor counts: line and column from 1, in characters.</summary>
public readonly record struct JsonTextPosition(int Line, int Column)
{
    public override string ToString() => $"line {Line}, column {Column}";
}

/// <summary>
/// The line and column where each configuration key's value starts in one JSON file, keyed as
/// Microsoft.Extensions.Configuration.Json keys it (object members joined with ':', array elements by index, without
/// case), sections included, so an error about a setting can point at the line to edit.
/// </summary>
public sealed class JsonValueLocations
{
    // The same leniency as Microsoft.Extensions.Configuration.Json, so every file the configuration reads is located.
    private static readonly JsonReaderOptions Leniency = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    private readonly Dictionary<string, JsonTextPosition> _positions;

    private JsonValueLocations(Dictionary<string, JsonTextPosition> positions) => _positions = positions;

    public static JsonValueLocations None { get; } = new(new Dictionary<string, JsonTextPosition>(StringComparer.OrdinalIgnoreCase));

    public JsonTextPosition? Find(string key) => _positions.TryGetValue(key, out var position) ? position : null;

    /// <summary>Reads <paramref name="utf8"/> (a byte order mark is skipped, as the configuration reader does).</summary>
    /// <exception cref="JsonException">The file is not valid JSON; the configuration reader reports that itself.</exception>
    public static JsonValueLocations Read(ReadOnlySpan<byte> utf8)
    {
        if (utf8.StartsWith(Encoding.UTF8.Preamble))
        {
            utf8 = utf8[Encoding.UTF8.Preamble.Length..];
        }

        var lines = new LineStarts(utf8);
        var positions = new Dictionary<string, JsonTextPosition>(StringComparer.OrdinalIgnoreCase);
        var path = new List<string>();
        var containers = new Stack<Container>();
        string? property = null;
        var reader = new Utf8JsonReader(utf8, Leniency);
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    property = reader.GetString();
                    continue;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    containers.Pop();
                    if (containers.Count > 0)
                    {
                        path.RemoveAt(path.Count - 1);
                    }

                    continue;
            }

            // A value starts here: a member's, an array element's, or the top-level object (which has no key).
            var segment = containers.Count == 0 ? null : containers.Peek().NextSegment(property);
            if (segment is not null)
            {
                path.Add(segment);
                // The first occurrence: a duplicate key is refused by the configuration reader anyway.
                positions.TryAdd(string.Join(':', path), lines.Position(utf8, (int)reader.TokenStartIndex));
            }

            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                containers.Push(new Container(reader.TokenType == JsonTokenType.StartArray));
            }
            else if (segment is not null)
            {
                path.RemoveAt(path.Count - 1);
            }
        }

        return new JsonValueLocations(positions);
    }

    private sealed class Container(bool isArray)
    {
        private int _next;

        public string? NextSegment(string? property) =>
            isArray ? (_next++).ToString(CultureInfo.InvariantCulture) : property;
    }

    /// <summary>Byte offsets where lines start; a new line starts after '\n' only, as the JSON reader counts.</summary>
    private sealed class LineStarts
    {
        private readonly List<int> _starts = [0];

        public LineStarts(ReadOnlySpan<byte> utf8)
        {
            for (var i = 0; i < utf8.Length; i++)
            {
                if (utf8[i] == (byte)'\n')
                {
                    _starts.Add(i + 1);
                }
            }
        }

        public JsonTextPosition Position(ReadOnlySpan<byte> utf8, int offset)
        {
            var index = _starts.BinarySearch(offset);
            var line = index >= 0 ? index : ~index - 1;
            var start = _starts[line];
            // Characters, not bytes, as JsonErrorLocation counts for syntax errors, so both name the same column.
            return new JsonTextPosition(line + 1, Encoding.UTF8.GetCharCount(utf8[start..offset]) + 1);
        }
    }
}
