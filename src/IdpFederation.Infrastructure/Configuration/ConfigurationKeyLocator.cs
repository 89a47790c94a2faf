using System.Text.RegularExpressions;
using IdpFederation.Core.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.Configuration.Json;

namespace IdpFederation.Infrastructure.Configuration;

/// <summary>
/// Says where the value of a setting in force comes from: "/etc/idp/config/idpfederation.json line 42" or
/// "environment variable Idp__Provisioning__Tenants__0__Name", so an error about a setting names the line to edit. The
/// source is the last configuration provider that has the key, as the configuration itself decides; never the value.
/// </summary>
public sealed partial class ConfigurationKeyLocator
{
    private readonly IConfigurationRoot? _root;

    public ConfigurationKeyLocator(IConfiguration configuration) => _root = configuration as IConfigurationRoot;

    /// <summary>
    /// Where <paramref name="key"/> is set; for a section, where the section starts; for a key that is not set (a
    /// missing setting), where its nearest enclosing section is. Null when nothing about it is set anywhere known.
    /// </summary>
    public string? Describe(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (_root is null)
        {
            return null;
        }

        var providers = _root.Providers.Reverse().ToList();
        // Stops above the top-level section: "somewhere in Idp" helps nobody.
        for (var candidate = key.Trim(); candidate.Contains(':', StringComparison.Ordinal); candidate = candidate[..candidate.LastIndexOf(':')])
        {
            if (providers.FirstOrDefault(p => p.TryGet(candidate, out _)) is { } setter)
            {
                return DescribeSource(setter, candidate);
            }

            if (providers.FirstOrDefault(p => p.GetChildKeys([], candidate).Any()) is { } section)
            {
                // A file knows where the section's object starts; variables exist only for leaves.
                return (section is EnvironmentVariablesConfigurationProvider ? null : DescribeSource(section, candidate))
                    ?? DescribeSource(section, FirstChild(section, candidate));
            }
        }

        return null;
    }

    /// <summary>
    /// The message with where its first setting (an "Idp:…" key) comes from appended in parentheses, e.g.
    /// "Idp:Branding:PrimaryColor must be a hex colour. (/srv/config/idpfederation.json line 12)"; unchanged when it
    /// names no setting or the setting is not found.
    /// </summary>
    public string Annotate(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var match = SettingKey().Match(message);
        if (!match.Success || Describe(match.Value.TrimEnd('.')) is not { } where)
        {
            return message;
        }

        return $"{message.TrimEnd()} ({where})";
    }

    private static string FirstChild(IConfigurationProvider provider, string section)
    {
        var child = section;
        // Down the first child at each level until a leaf, as the file lists them.
        while (provider.GetChildKeys([], child).FirstOrDefault() is { } next)
        {
            child = $"{child}:{next}";
        }

        return child;
    }

    private static string? DescribeSource(IConfigurationProvider provider, string key) => provider switch
    {
        LastGoodJsonConfigurationProvider file => file.Locations.Find(key) is { } position
            ? $"{file.FilePath} line {position.Line}"
            : null,
        FileConfigurationProvider file => file.Source.Path,
        EnvironmentVariablesConfigurationProvider => "environment variable " + EnvironmentVariableName(key),
        _ => null,
    };

    /// <summary>
    /// The variable as it is spelled in the environment (names differ in case on Linux), with the prefix of a provider
    /// added with one (AddEnvironmentVariables("PREFIX_")); else as the key builds it.
    /// </summary>
    private static string EnvironmentVariableName(string key)
    {
        var built = key.Replace(":", "__", StringComparison.Ordinal);
        var names = Environment.GetEnvironmentVariables().Keys.OfType<string>().ToList();
        return names.FirstOrDefault(n => n.Equals(built, StringComparison.OrdinalIgnoreCase))
            ?? names.FirstOrDefault(n => n.EndsWith("_" + built, StringComparison.OrdinalIgnoreCase))
            ?? built;
    }

    /// <summary>A setting named in a message: "Idp:" then segments up to a space, quote, bracket or a ':' that ends one.</summary>
    [GeneratedRegex(@"\b" + IdpOptions.SectionName + @"(?::[^\s:'""(),;\[\]]+)+")]
    private static partial Regex SettingKey();
}
