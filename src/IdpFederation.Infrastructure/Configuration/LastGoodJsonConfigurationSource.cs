using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;

namespace IdpFederation.Infrastructure.Configuration;

/// <summary>A JSON config file read by <see cref="LastGoodJsonConfigurationProvider"/>.</summary>
public sealed class LastGoodJsonConfigurationSource : JsonConfigurationSource
{
    public LastGoodJsonConfigurationSource(string fullPath, ConfigurationFileErrors errors)
    {
        FullPath = fullPath;
        Errors = errors;
    }

    public string FullPath { get; }

    public ConfigurationFileErrors Errors { get; }

    public override IConfigurationProvider Build(IConfigurationBuilder builder)
    {
        EnsureDefaults(builder);
        return new LastGoodJsonConfigurationProvider(this, FullPath, Errors);
    }
}
