using System.Text.Json;
using IdpFederation.Core.Configuration;

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

        var text = File.ReadAllText(path);
        try
        {
            using var document = JsonDocument.Parse(text, Leniency);
        }
        catch (JsonException exception)
        {
            // Counted as the server counts it, so both name the same line and column.
            var where = JsonErrorLocation.Describe(exception, text) is { } location ? " at " + location : "";
            throw new CliRefusedException($"Configuration file '{path}' is not valid JSON{where}.");
        }
    }
}
