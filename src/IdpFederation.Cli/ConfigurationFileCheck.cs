using System.Text.Json;

namespace IdpFederation.Cli;

/// <summary>
/// Parses a config file before the configuration system loads it, so a syntax error becomes the CLI's one-line
/// refusal naming file, line and column, rather than a message the configuration layer writes on its own.
/// </summary>
internal static class ConfigurationFileCheck
{
    // The same leniency as Microsoft.Extensions.Configuration.Json, so the check refuses nothing the server accepts.
    private static readonly JsonDocumentOptions Leniency = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    public static void ThrowIfMalformed(string path)
    {
        if (!File.Exists(path))
        {
            return;
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path), Leniency);
        }
        catch (JsonException exception)
        {
            var where = exception.LineNumber is { } line ? $" at line {line + 1}, column {exception.BytePositionInLine + 1}" : "";
            throw new CliRefusedException($"Configuration file '{path}' is not valid JSON{where}.");
        }
    }
}
