using IdpFederation.Core.Networks;

namespace IdpFederation.Core.Policies;

/// <summary>Collects errors with their JSON paths while a policy file is compiled.</summary>
internal sealed class PolicyCompilationContext
{
    private readonly string _file;
    private readonly List<string> _errors;

    public PolicyCompilationContext(string file, List<string> errors, ICountryLookup countries)
    {
        _file = file;
        _errors = errors;
        Countries = countries;
    }

    public ICountryLookup Countries { get; }

    public int ErrorCount => _errors.Count;

    public void Error(string path, string reason) => _errors.Add($"{_file}: {path}: {reason}");

    public Dictionary<string, IReadOnlyList<IpRange>> CompileNetworks(Dictionary<string, List<string>> networks)
    {
        var compiled = new Dictionary<string, IReadOnlyList<IpRange>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, entries) in networks)
        {
            var ranges = new List<IpRange>();
            for (var i = 0; i < entries.Count; i++)
            {
                if (IpRange.TryParse(entries[i], out var range, out var error))
                {
                    ranges.Add(range);
                }
                else
                {
                    Error($"$.networks.{name}[{i}]", error!);
                }
            }

            compiled[name] = ranges;
        }

        return compiled;
    }

    /// <summary>A CIDR range, or the name of a declared network.</summary>
    public IReadOnlyList<IpRange> ResolveNetwork(string entry, Dictionary<string, IReadOnlyList<IpRange>> networks, string path)
    {
        if (networks.TryGetValue(entry, out var named))
        {
            return named;
        }

        if (IpRange.TryParse(entry, out var range, out var error))
        {
            return [range];
        }

        Error(path, char.IsAsciiLetter(entry.FirstOrDefault()) && !entry.Contains(':', StringComparison.Ordinal)
            ? $"'{entry}' is neither a declared network nor an IP range."
            : error!);
        return [];
    }
}
