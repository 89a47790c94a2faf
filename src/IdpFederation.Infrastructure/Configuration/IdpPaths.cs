namespace IdpFederation.Infrastructure.Configuration;

/// <summary>
/// Where configuration and data live. Relative data paths are resolved against the config directory's parent, so the
/// server and the CLI agree on one database whatever directory they are started from.
/// </summary>
public sealed record IdpPaths(string ConfigDirectory, string DataDirectory)
{
    public const string ConfigDirectoryVariable = "IDPFED_CONFIG_DIR";
    public const string MainConfigFile = "idpfederation.json";

    /// <summary>An explicit directory, else $IDPFED_CONFIG_DIR, else the nearest "config" folder above the working directory or the binaries.</summary>
    public static string LocateConfigDirectory(string? explicitDirectory = null)
    {
        var chosen = explicitDirectory ?? Environment.GetEnvironmentVariable(ConfigDirectoryVariable);
        if (!string.IsNullOrWhiteSpace(chosen))
        {
            return Path.GetFullPath(chosen);
        }

        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "config");
                if (File.Exists(Path.Combine(candidate, MainConfigFile)))
                {
                    return candidate;
                }
            }
        }

        return Path.GetFullPath("config");
    }

    public static IdpPaths Resolve(string configDirectory, string dataDirectory)
    {
        var root = Directory.GetParent(Path.GetFullPath(configDirectory))?.FullName ?? Directory.GetCurrentDirectory();
        var data = Path.IsPathRooted(dataDirectory) ? dataDirectory : Path.GetFullPath(Path.Combine(root, dataDirectory));
        return new IdpPaths(Path.GetFullPath(configDirectory), data);
    }

    /// <summary>Config-file paths (certificates) are relative to the config directory.</summary>
    public string ResolveConfigPath(string path) =>
        Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(ConfigDirectory, path));
}
