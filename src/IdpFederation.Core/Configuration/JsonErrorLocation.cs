using System.Text;
using System.Text.Json;

namespace IdpFederation.Core.Configuration;

/// <summary>
/// Turns a <see cref="JsonException"/> into what a person editing the file needs: the reason, and the line and
/// column as an editor counts them (from 1, in characters). System.Text.Json counts from 0 and in UTF-8 bytes.
/// </summary>
public static class JsonErrorLocation
{
    /// <summary>"line 3, column 7", or null when the exception carries no position.</summary>
    public static string? Describe(JsonException exception, string text)
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(text);
        if (exception.LineNumber is not { } line)
        {
            return null;
        }

        var column = Column(text, line, exception.BytePositionInLine ?? 0);
        return column is null ? $"line {line + 1}" : $"line {line + 1}, column {column}";
    }

    /// <summary>The message without the " Path: … | LineNumber: … | BytePositionInLine: …" suffix, which is restated better.</summary>
    public static string Reason(JsonException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception.Message.Split(" Path:", 2)[0].Split(" LineNumber:", 2)[0].Trim();
    }

    private static long? Column(string text, long line, long bytesIntoLine)
    {
        var start = 0;
        for (var i = 0L; i < line; i++)
        {
            // The reader starts a new line at '\n' only, so "\r\n" files need nothing special.
            start = text.IndexOf('\n', start) + 1;
            if (start == 0)
            {
                return null;
            }
        }

        // A UTF-8 byte order mark is skipped by the reader and not counted in the first line.
        if (start == 0 && text.StartsWith('\uFEFF'))
        {
            start = 1;
        }

        var position = start;
        var bytes = 0L;
        while (position < text.Length && bytes < bytesIntoLine && text[position] != '\n')
        {
            var width = char.IsSurrogatePair(text, position) ? 2 : 1;
            bytes += Encoding.UTF8.GetByteCount(text.AsSpan(position, width));
            position += width;
        }

        return position - start + 1;
    }
}
