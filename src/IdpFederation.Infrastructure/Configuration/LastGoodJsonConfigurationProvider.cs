using System.Text;
using System.Text.Json;
using IdpFederation.Core.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;

namespace IdpFederation.Infrastructure.Configuration;

/// <summary>
/// A JSON config file that, when an edit does not parse, keeps the values it last read instead of dropping to none.
/// The stock provider empties itself, so every option would rebind to its defaults and fail validation with reasons
/// that have nothing to do with the typo; here nothing changes except that the file is reported, with line and column.
/// The same holds for an Idp:Provisioning section that does not match config/provisioning.schema.json. Each value's
/// line and column is kept with the values, so errors about a setting can name the line to edit.
/// </summary>
public sealed class LastGoodJsonConfigurationProvider : JsonConfigurationProvider
{
    private readonly string _path;
    private readonly ConfigurationFileErrors _errors;

    public LastGoodJsonConfigurationProvider(JsonConfigurationSource source, string path, ConfigurationFileErrors errors)
        : base(source)
    {
        _path = path;
        _errors = errors;
    }

    /// <summary>The file as the refusals name it (the path it was added with).</summary>
    public string FilePath => _path;

    /// <summary>Where each value in force starts in the file; replaced together with the values, never on a refusal.</summary>
    public JsonValueLocations Locations { get; private set; } = JsonValueLocations.None;

    public override void Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var copy = new MemoryStream();
        try
        {
            stream.CopyTo(copy);
        }
        catch (IOException ex)
        {
            _errors.Refuse(_path, $"cannot be read: {ex.Message}");
            return;
        }

        var content = copy.ToArray();
        JsonValueLocations? locations = null;
        try
        {
            locations = JsonValueLocations.Read(content);
        }
        catch (JsonException)
        {
            // Not valid JSON: base.Load below refuses it with the reason, line and column.
        }

        if (locations is not null && ProvisioningSchemaCheck.Check(content, locations) is { Count: > 0 } problems)
        {
            // Checked before base.Load assigns Data, so the previous values stay in force.
            _errors.Refuse(_path, $"does not match {ProvisioningSchemaCheck.SchemaFileName}: {string.Join("; ", problems)}");
            return;
        }

        copy.Position = 0;
        try
        {
            // Data is assigned only after the whole file has parsed, so a failure leaves the previous values in place.
            base.Load(copy);
        }
        catch (FormatException ex)
        {
            _errors.Refuse(_path, Describe(ex, content));
            return;
        }

        Locations = locations ?? JsonValueLocations.None;
        _errors.Accept(_path);
    }

    private static string Describe(FormatException exception, byte[] content)
    {
        // Syntax errors arrive as "Could not parse the JSON file." around the JsonException that knows where.
        if (exception.InnerException is JsonException json)
        {
            var where = JsonErrorLocation.Describe(json, Encoding.UTF8.GetString(content));
            return $"not valid JSON{(where is null ? "" : " at " + where)}: {JsonErrorLocation.Reason(json)}";
        }

        // Valid JSON the configuration system still refuses: a duplicate key, or a top level that is not an object.
        return exception.Message;
    }
}
